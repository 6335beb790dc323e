import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp } from "../../../../test/support/app";
import { openDatabase, queryRows } from "../../../platform/db/client";
import { buildUser } from "../../../seed/factories";
import { buildRegistrationEvent } from "./test-factories";
import {
  cancelRegistration,
  promoteRegistration,
  register,
  registrationCounts,
  registrationOf,
} from "./service";

/*
 * Places and the waitlist: registered while there is room, waitlisted after, the first on the
 * waitlist promoted (and emailed) when someone cancels, tickets only as offered, and — on
 * PostgreSQL, with real concurrent connections — no overbooking when 200 people go for the last
 * 10 places at once, and exactly as many promotions as concurrent cancellations.
 */

const details = (ticketTypeId: string) => ({
  ticketTypeId,
  answers: { accessibility: "Captions" },
  certificateName: null,
  licenceNumber: null,
});

async function statusCounts(t: TestApp, eventId: string) {
  const rows = await queryRows<{ status: string; n: number }>(
    t.db,
    sql`select status, count(*)::int as n from event_registrations where event_id = ${eventId} group by status`,
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

describe.each(DATABASES)("registration places on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => t?.close());

  it("registers while there is room, waitlists after, and promotes the first waitlisted on a cancellation", async () => {
    const { event, tickets } = await buildRegistrationEvent(t.db, { capacity: 2 });
    const people = [];
    for (let i = 0; i < 4; i++) people.push(await buildUser(t.db, { name: `Place person ${i}` }));
    const outcomes = [];
    for (const p of people) outcomes.push(await register(t.db, event, p.id, details(tickets[0]!.id)));
    expect(outcomes.map((o) => o.ok && o.registration.status)).toEqual([
      "registered",
      "registered",
      "waitlisted",
      "waitlisted",
    ]);
    // Registering again changes nothing.
    const again = await register(t.db, event, people[0]!.id, details(tickets[0]!.id));
    expect(again.ok && again.already).toBe(true);

    const first = await registrationOf(t.db, event.id, people[1]!.id);
    const result = await cancelRegistration(t.db, event, first!.id, people[1]!.id);
    expect(result.promoted.map((r) => r.userId)).toEqual([people[2]!.id]);
    expect((await registrationOf(t.db, event.id, people[2]!.id))!.status).toBe("registered");
    expect((await registrationOf(t.db, event.id, people[3]!.id))!.status).toBe("waitlisted");
    expect(await statusCounts(t, event.id)).toEqual({ registered: 2, waitlisted: 1, cancelled: 1 });

    const mails = await queryRows<{ to: string; subject: string }>(
      t.db,
      sql`select to_address as "to", subject from email_outbox where to_address = ${people[2]!.email} order by created_at`,
    );
    expect(mails.map((m) => m.subject)).toEqual([
      `You are on the waitlist for ${event.titleEn}`,
      `A place freed up: you are registered for ${event.titleEn}`,
    ]);
    const audit = await queryRows<{ action: string }>(
      t.db,
      sql`select action from audit_log where scope_id = ${event.id} order by id`,
    );
    expect(audit.map((a) => a.action)).toEqual(["event_registration.cancel", "event_registration.promote"]);

    // Cancelling a waitlisted place promotes nobody; cancelling twice changes nothing.
    const waiting = await registrationOf(t.db, event.id, people[3]!.id);
    expect((await cancelRegistration(t.db, event, waiting!.id, people[3]!.id)).promoted).toEqual([]);
    expect((await cancelRegistration(t.db, event, waiting!.id, people[3]!.id)).cancelled).toBe(false);
  });

  it("lets an organiser promote by hand past capacity, audited", async () => {
    const { event, tickets } = await buildRegistrationEvent(t.db, { capacity: 1 });
    const [a, b, organiser] = [await buildUser(t.db), await buildUser(t.db), await buildUser(t.db)];
    await register(t.db, event, a.id, details(tickets[0]!.id));
    await register(t.db, event, b.id, details(tickets[0]!.id));
    const waiting = await registrationOf(t.db, event.id, b.id);
    expect(await promoteRegistration(t.db, event, waiting!.id, organiser.id)).toBe(true);
    expect(await promoteRegistration(t.db, event, waiting!.id, organiser.id)).toBe(false);
    expect(await statusCounts(t, event.id)).toEqual({ registered: 2 });
    const [entry] = await queryRows<{ actor_id: string; after: { automatically: boolean } }>(
      t.db,
      sql`select actor_id, after from audit_log where entity_id = ${waiting!.id}`,
    );
    expect(entry).toMatchObject({ actor_id: organiser.id, after: { automatically: false } });
  });

  it("offers the free family ticket only to families and youth, and counts by stakeholder type and state", async () => {
    const { event, tickets } = await buildRegistrationEvent(t.db);
    const free = tickets.find((x) => x.priceCents === 0)!;
    expect(free.stakeholderRoles).toEqual(["family_member", "youth"]);
    const educator = await buildUser(t.db, { stakeholderRole: "educator", stateCode: "MD" });
    const parent = await buildUser(t.db, { stakeholderRole: "family_member", stateCode: "VA" });
    expect(await register(t.db, event, educator.id, details(free.id))).toEqual({
      ok: false,
      reason: "ticket",
    });
    expect(await registrationOf(t.db, event.id, educator.id)).toBeNull();
    expect((await register(t.db, event, parent.id, details(free.id))).ok).toBe(true);
    expect((await register(t.db, event, educator.id, details(tickets[0]!.id))).ok).toBe(true);
    const counts = await registrationCounts(t.db, event.id);
    expect(counts.byStatus).toEqual({ registered: 2, waitlisted: 0, cancelled: 0 });
    expect(counts.byStakeholderType).toEqual([
      { key: "family_member", status: "registered", n: 1 },
      { key: "educator", status: "registered", n: 1 },
    ]);
    expect(counts.byState).toEqual([
      { key: "MD", status: "registered", n: 1 },
      { key: "VA", status: "registered", n: 1 },
    ]);
  });
});

describe("registration under concurrency on postgres", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp("postgres");
  });
  afterAll(async () => t?.close());

  it("gives the last 10 places to exactly 10 of 200 people registering at once, and promotes as many as cancel at once", async () => {
    // Many connections, so the registrations really run side by side in the database.
    const wide = await openDatabase({ databaseUrl: t.config.DATABASE_URL, poolSize: 40 });
    try {
      const { event, tickets } = await buildRegistrationEvent(t.db, { capacity: 50 });
      const early = [];
      for (let i = 0; i < 40; i++) early.push(await buildUser(t.db, { name: `Early ${i}` }));
      for (const p of early) await register(t.db, event, p.id, details(tickets[0]!.id));
      const crowd = await Promise.all(
        Array.from({ length: 200 }, (_, i) => buildUser(t.db, { name: `Crowd ${i}` })),
      );
      const outcomes = await Promise.all(
        crowd.map((p) => register(wide.db, event, p.id, details(tickets[0]!.id))),
      );
      const placed = outcomes.filter((o) => o.ok && o.registration.status === "registered");
      expect(placed).toHaveLength(10);
      expect(await statusCounts(t, event.id)).toEqual({ registered: 50, waitlisted: 190 });

      // 15 of the early registrants cancel at once: exactly the first 15 on the waitlist move up.
      const waitlistOrder = await queryRows<{ user_id: string }>(
        t.db,
        sql`select user_id from event_registrations where event_id = ${event.id} and status = 'waitlisted'
            order by waitlisted_at, registered_at, id`,
      );
      const leaving = await Promise.all(early.slice(0, 15).map((p) => registrationOf(t.db, event.id, p.id)));
      const results = await Promise.all(
        leaving.map((r) => cancelRegistration(wide.db, event, r!.id, r!.userId)),
      );
      const promoted = results.flatMap((r) => r.promoted.map((p) => p.userId));
      expect(promoted).toHaveLength(15);
      expect(new Set(promoted)).toEqual(new Set(waitlistOrder.slice(0, 15).map((r) => r.user_id)));
      expect(await statusCounts(t, event.id)).toEqual({ registered: 50, waitlisted: 175, cancelled: 15 });
    } finally {
      await wide.close();
    }
  });
});
