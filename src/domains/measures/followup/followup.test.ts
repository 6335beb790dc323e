import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  type TestClient,
} from "../../../../test/support/app";
import { auditLog } from "../../../platform/audit/schema";
import { outbox } from "../../../platform/email/schema";
import { addMembership, buildDistrictWithSchools, buildUser } from "../../../seed/factories";
import type { Organisation } from "../../directory/service";
import { seedInstruments } from "../instruments/service";
import { REMINDER_ACTION } from "./service";

describe.each(DATABASES)("participation follow-up on %s", (kind) => {
  let t: TestApp;
  let state: Organisation;
  let district: Organisation;
  let schools: Organisation[];
  let schoolLeadEmail: string;
  let stateLead: TestClient;
  let peer: TestClient;
  const page = () => `/measures/dashboards/state/${state.id}/followup`;

  beforeAll(async () => {
    t = await startTestApp(kind);
    await seedInstruments(t.db);
    ({ state, district, schools } = await buildDistrictWithSchools(t.db, "NH", 3));
    const [lead, schoolLead] = await Promise.all([buildUser(t.db), buildUser(t.db)]);
    schoolLeadEmail = schoolLead!.email;
    await addMembership(t.db, lead!.id, state.id, "lead");
    // Only the first school has a lead to remind.
    await addMembership(t.db, schoolLead!.id, schools[0]!.id, "lead");
    stateLead = await signedInClient(t, lead!.id);
    peer = await signedInClient(t, schoolLead!.id);
  }, 300_000);
  afterAll(() => t?.close());

  it("lists the schools still to take part with their leads' contact", async () => {
    const res = await stateLead.get(page());
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("3 of 3 schools have not submitted both this year.");
    expect(res.body).toContain(`mailto:${schoolLeadEmail}`);
    for (const s of schools) expect(res.body).toContain(s.name);
    expect(res.body).toContain("No team lead yet");
    const districtPage = await stateLead.get(`/measures/dashboards/district/${district.id}/followup`);
    expect(districtPage.statusCode).toBe(200);
  });

  it("sends one reminder per school a day, through the outbox, audited, however often the button is pressed", async () => {
    const first = await stateLead.postForm(`${page()}/remind`, {});
    expect(first.statusCode).toBe(303);
    // A double click: two more at once.
    await Promise.all([
      stateLead.postForm(`${page()}/remind`, {}),
      stateLead.postForm(`${page()}/remind`, {}),
    ]);
    const emails = await t.db.select().from(outbox).where(eq(outbox.to, schoolLeadEmail));
    expect(emails).toHaveLength(1);
    expect(emails[0]!.subject).toContain(schools[0]!.name);
    expect(emails[0]!.text).toContain(`/measures/orgs/${schools[0]!.id}`);
    const audited = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, REMINDER_ACTION), sql`${auditLog.scopeId} = ${schools[0]!.id}`));
    expect(audited).toHaveLength(1);
    expect(audited[0]!.after).toMatchObject({ from: state.id });
    // Pressed again later the same day: still one email, one audit entry.
    expect((await stateLead.postForm(`${page()}/remind`, {})).statusCode).toBe(303);
    expect(await t.db.select().from(outbox).where(eq(outbox.to, schoolLeadEmail))).toHaveLength(1);
  });

  it("answers 404 to a school team, for the page and the button", async () => {
    expect((await peer.get(page())).statusCode).toBe(404);
    expect((await peer.postForm(`${page()}/remind`, {})).statusCode).toBe(404);
  });
});
