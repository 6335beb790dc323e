import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp } from "../../../../test/support/app";
import { queryRows } from "../../../platform/db/client";
import type { Actor } from "../../../platform/policy";
import { buildUser } from "../../../seed/factories";
import { getStateByCode } from "../../directory/service";
import { createEvent } from "../setup/service";
import { scoreboard } from "./decisions";
import { generateCalls } from "./generate";
import { callOf } from "./service";

// The bench generator at a small size: every proposal gets its reviews, loads are equal, and the
// organisers' table reads what it made.
describe.each(DATABASES)("calls bench generator on %s", (kind) => {
  let t: TestApp;
  let eventId = "";
  beforeAll(async () => {
    t = await startTestApp(kind);
    const maryland = (await getStateByCode(t.db, "MD"))!;
    const admin = await buildUser(t.db, { systemRole: "admin" });
    const actor: Actor = { userId: admin.id, systemRole: "admin", emailVerified: true, memberships: [] };
    const event = await createEvent(
      t.db,
      actor,
      { id: maryland.id, ancestorIds: maryland.ancestorIds },
      {
        slug: "bench-gen-test",
        kind: "conference",
        titleEn: "Bench generation",
        startsOn: "2099-01-01",
        endsOn: "2099-01-02",
        timeZone: "America/New_York",
        mode: "in_person",
        venue: "Bench hall",
      } as never,
      [],
    );
    eventId = event.id;
  }, 120_000);
  afterAll(() => t?.close());

  it("makes proposals, presenters, reviewers and balanced reviews", async () => {
    await generateCalls(t.db, { eventId, proposals: 30, reviewers: 9, reviewsPerProposal: 3 });
    const [counts] = await queryRows<{
      proposals: number;
      presenters: number;
      reviewers: number;
      reviews: number;
    }>(
      t.db,
      sql`select (select count(*)::int from event_proposals) as proposals,
                 (select count(*)::int from event_proposal_presenters) as presenters,
                 (select count(*)::int from event_reviewers) as reviewers,
                 (select count(*)::int from event_reviews) as reviews`,
    );
    expect(counts).toEqual({ proposals: 30, presenters: 40, reviewers: 9, reviews: 90 });
    const loads = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from event_reviews group by reviewer_id`,
    );
    expect(new Set(loads.map((l) => l.n))).toEqual(new Set([10]));
    const rows = await scoreboard(t.db, (await callOf(t.db, eventId))!);
    expect(rows).toHaveLength(30);
    expect(rows.every((r) => r.assigned === 3 && r.done >= 1)).toBe(true);
  });
});
