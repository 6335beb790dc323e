import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp } from "../../../../test/support/app";
import { listAudit } from "../../../platform/audit";
import type { Actor } from "../../../platform/policy";
import { buildUser, findOrganisationByStateCode } from "../../../seed/factories";
import {
  createEvent,
  type EventInput,
  EventSetupError,
  eventBySlug,
  eventTracksOf,
  listEvents,
  setEventStatus,
} from "./service";

/*
 * Events as their organisers make them and as lists show them: a draft is seen by its organisers
 * only (the state's team and the nation's), everything published by everyone.
 */

const input = (over: Partial<EventInput> = {}): EventInput => ({
  kind: "webinar",
  titleEn: "Screening in practice",
  startsOn: "2027-02-10",
  endsOn: "2027-02-10",
  timeZone: "America/Chicago",
  mode: "online",
  onlineUrl: "https://meet.example.org/x",
  ...over,
});

let userId = "";
const actorOn = (organisationId: string | null, systemRole: Actor["systemRole"] = "user"): Actor => ({
  userId,
  systemRole,
  emailVerified: true,
  memberships: organisationId ? [{ organisationId, role: "member" }] : [],
});

describe.each(DATABASES)("event setup on %s", (kind) => {
  let database: TestApp;
  let md: { id: string; ancestorIds: string[] };
  let va: { id: string; ancestorIds: string[] };
  beforeAll(async () => {
    database = await startTestApp(kind);
    userId = (await buildUser(database.db)).id;
    md = await findOrganisationByStateCode(database.db, "MD");
    va = await findOrganisationByStateCode(database.db, "VA");
  }, 120_000);
  afterAll(() => database?.close());

  it("creates a draft with one track per national practice group, seen only by organisers until published", async () => {
    const { db } = database;
    const mdTeam = actorOn(md.id);
    const row = await createEvent(db, mdTeam, md, input());
    expect(row.status).toBe("draft");
    expect(row.slug).toBe("screening-in-practice");
    expect(await eventTracksOf(db, row.id)).toHaveLength(12);
    const nationTeam = actorOn(md.ancestorIds[0]!);
    const titles = async (actor: Actor | null) => (await listEvents(db, actor)).map((e) => e.slug);
    expect(await titles(mdTeam)).toContain(row.slug);
    expect(await titles(nationTeam)).toContain(row.slug);
    expect(await titles(null)).not.toContain(row.slug);
    expect(await titles(actorOn(va.id))).not.toContain(row.slug);
    expect(await titles(actorOn(null))).not.toContain(row.slug);

    const event = (await eventBySlug(db, row.slug))!;
    await setEventStatus(db, mdTeam, event, "published");
    expect(await titles(null)).toContain(row.slug);
    expect(await titles(actorOn(va.id))).toContain(row.slug);
    const audit = await listAudit(db, { entityId: row.id }, { page: 1, perPage: 10 });
    expect(audit.items.map((a) => a.action).sort()).toEqual(["event.create", "event.publish"]);
  });

  it("refuses another state's team, a made-up time zone and an end before the start", async () => {
    const { db } = database;
    await expect(createEvent(db, actorOn(va.id), md, input({ titleEn: "Not theirs" }))).rejects.toThrow();
    await expect(createEvent(db, actorOn(md.id), md, input({ timeZone: "Mars/Base" }))).rejects.toMatchObject(
      { problem: "badTimeZone", field: "timeZone" },
    );
    await expect(
      createEvent(db, actorOn(md.id), md, input({ startsOn: "2027-02-11", endsOn: "2027-02-10" })),
    ).rejects.toBeInstanceOf(EventSetupError);
    expect((await listEvents(db, actorOn(null, "admin"))).map((e) => e.titleEn)).not.toContain("Not theirs");
  });
});
