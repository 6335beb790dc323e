import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  TestClient as AnonymousClient,
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  type TestClient,
} from "../../../../test/support/app";
import { queryRows } from "../../../platform/db/client";
import { addMembership, buildUser } from "../../../seed/factories";
import { getStateByCode } from "../../directory/service";
import { eventCertificates } from "./schema";
import { certificateByCode, eventBySlug, purgeExpiredCertificates } from "./service";
import {
  APPROVAL_STATEMENT,
  APPROVED_TITLE,
  buildCreditEvent,
  pdfText,
  registerAttendee,
} from "./test-factories";

/*
 * Evaluations and CE certificates end to end on both databases: each missing piece named on the
 * certificate page, hours worked out by hand, issuing through the job, the PDF's text, public
 * verification through reissue and revocation, anonymous results for presenters, retention.
 */

const rating = { overall: "4", presenter: "5", relevance: "4", objective1: "4", objective2: "3" };

describe.each(DATABASES)("credit on %s", (kind) => {
  let t: TestApp;
  let fixture: Awaited<ReturnType<typeof buildCreditEvent>>;
  let attendee: TestClient;
  let organiser: TestClient;
  let presenter: TestClient;
  let outsider: TestClient;
  const others: TestClient[] = [];
  const slug = "credit-test-conference";
  const base = `/events/${slug}`;

  beforeAll(async () => {
    t = await startTestApp(kind);
    const maryland = (await getStateByCode(t.db, "MD"))!;
    const org = await buildUser(t.db, { name: "Olive Organiser" });
    await addMembership(t.db, org.id, maryland.id, "member");
    const pres = await buildUser(t.db, { name: "Pat Presenter" });
    fixture = await buildCreditEvent(t.db, maryland.id, slug, pres.id);
    const { a, b, c } = fixture.sessions;
    const person = await buildUser(t.db, { name: "Casey Counsellor", email: "casey@credit.example" });
    await registerAttendee(t.db, fixture.event.id, person.id, [a.id, b.id, c.id], {
      certificateName: "Casey Q. Counsellor",
      licenceNumber: "LPC-12345",
    });
    for (const n of [1, 2]) {
      const other = await buildUser(t.db, { name: `Secret Name ${n}`, email: `secret${n}@credit.example` });
      await registerAttendee(t.db, fixture.event.id, other.id, [a.id]);
      others.push(await signedInClient(t, other.id));
    }
    attendee = await signedInClient(t, person.id);
    organiser = await signedInClient(t, org.id);
    presenter = await signedInClient(t, pres.id);
    outsider = await signedInClient(t, (await buildUser(t.db, { name: "Someone Else" })).id);
  }, 120_000);
  afterAll(() => t?.close());

  const evaluate = (client: TestClient, target: string, fields: Record<string, string>) =>
    client.postForm(`${base}/evaluations/${target}`, fields);

  it("names each missing piece, refuses what was not attended, and unlocks once everything is done", async () => {
    const { a, b, c, d } = fixture.sessions;
    let page = await attendee.get(`${base}/certificate`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Choose the credit type that matches your profession.");
    expect(page.body).toContain("Evaluate the session “Session A: screening”.");
    expect(page.body).toContain("Evaluate the session “Session B: online workshop”.");
    expect(page.body).not.toContain("Evaluate the session “Session C");
    expect(page.body).toContain("Evaluate the event as a whole.");

    // Not attended: the page says so and the post is refused, writing nothing.
    expect((await attendee.get(`${base}/evaluations/${d.id}`)).body).toContain("No attendance is recorded");
    expect((await evaluate(attendee, d.id, rating)).statusCode).toBe(400);
    // An incomplete form comes back with the message by the field.
    const incomplete = await evaluate(attendee, a.id, { overall: "4", relevance: "4" });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.body).toContain('id="presenter-error"');
    expect(await receipts()).toBe(0);

    await attendee.postForm(`${base}/certificate/credit-type`, { creditTypeId: fixture.creditType.id });
    expect(
      (await evaluate(attendee, a.id, { ...rating, comment: "Useful tools, well paced" })).statusCode,
    ).toBe(303);
    expect((await evaluate(attendee, a.id, rating)).statusCode).toBe(400); // once only
    page = await attendee.get(`${base}/certificate`);
    expect(page.body).not.toContain("Choose the credit type");
    expect(page.body).not.toContain("“Session A: screening”.");
    expect(page.body).toContain("Credit hours so far: 1.00"); // B attended but not evaluated yet

    await evaluate(attendee, "event", { overall: "5", relevance: "5" });
    page = await attendee.get(`${base}/certificate`);
    expect(page.body).not.toContain("Evaluate the event as a whole.");
    expect(page.body).toContain("Evaluate the session “Session B: online workshop”.");

    await evaluate(attendee, b.id, rating);
    page = await attendee.get(`${base}/certificate`);
    // A (1 hour by its length) + B (1.5 hours set); C does not count; D was not attended.
    expect(page.body).toContain("Credit hours so far: 2.50");
    expect(page.body).toContain(
      "your certificate will be issued when the organisers".replace("your", "Your"),
    );
    expect((await attendee.get(`${base}/evaluations/${c.id}`)).statusCode).toBe(200);
  });

  it("issues the unlocked certificate through the job, emails it, and prints the approved title and statement", async () => {
    expect((await organiser.get(`${base}/manage/certificates`)).statusCode).toBe(200);
    expect((await attendee.postForm(`${base}/manage/certificates/issue`, {})).statusCode).toBe(404);
    expect((await organiser.postForm(`${base}/manage/certificates/issue`, {})).statusCode).toBe(303);
    await t.runJobs();
    const rows = await t.db.select().from(eventCertificates);
    expect(rows).toHaveLength(1); // the two others attended A only and evaluated nothing
    const cert = rows[0]!;
    expect(Number(cert.hours)).toBe(2.5);
    expect(cert.attendeeName).toBe("Casey Q. Counsellor");
    expect(cert.format).toBe("in_person_and_online");
    expect(cert.retainUntil).toBe("2032-03-11");
    const mail = await queryRows<{ subject: string; text: string }>(
      t.db,
      sql`select subject, body_text as text from email_outbox where to_address = 'casey@credit.example'`,
    );
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain(`/certificates/${cert.code}`);
    const audits = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from audit_log where action = 'event.certificate.issue' and entity_id = ${cert.id}`,
    );
    expect(audits[0]!.n).toBe(1);

    const pdf = await attendee.get(`${base}/certificate.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toContain("application/pdf");
    const text = pdfText(pdf.rawPayload).replace(/\s+/g, " ");
    expect(text).toContain(APPROVED_TITLE);
    expect(text).toContain(APPROVAL_STATEMENT);
    expect(text).toContain("Casey Q. Counsellor");
    expect(text).toContain("LPC-12345");
    expect(text).toContain("2.50 credit hours");
    expect(text).toContain(cert.code);
    expect(text).not.toContain("REISSUED");
    expect((await attendee.get("/certificates")).body).toContain(cert.code);
  });

  it("verifies in public, through a reissue and a revocation, showing nothing more", async () => {
    const [old] = await t.db.select().from(eventCertificates);
    const anonymous = new AnonymousClient(t.app);
    let page = await anonymous.get(`/certificates/${old!.code}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Valid");
    expect(page.body).toContain(APPROVED_TITLE);
    expect(page.body).not.toContain("LPC-12345");
    const spanish = new AnonymousClient(t.app);
    spanish.cookies.set("smh_lang", "es");
    expect((await spanish.get(`/certificates/${old!.code}`)).body).toContain("Válido");
    expect((await anonymous.get("/certificates/0000-0000-0000")).statusCode).toBe(404);

    expect(
      (await organiser.postForm(`${base}/manage/certificates/${old!.id}/reissue`, { reason: "" })).statusCode,
    ).toBe(400);
    await organiser.postForm(`${base}/manage/certificates/${old!.id}/reissue`, { reason: "Name corrected" });
    const fresh = (await t.db.select().from(eventCertificates)).find((c) => c.id !== old!.id)!;
    expect(fresh.replacesId).toBe(old!.id);
    expect(fresh.code).not.toBe(old!.code);
    page = await anonymous.get(`/certificates/${old!.code}`);
    expect(page.body).toContain("Reissued");
    expect((await anonymous.get(`/certificates/${fresh.code}`)).body).toContain("Valid");
    const pdf = pdfText((await attendee.get(`${base}/certificate.pdf`)).rawPayload);
    expect(pdf).toContain("REISSUED");
    expect(pdf).toContain(fresh.code);

    await organiser.postForm(`${base}/manage/certificates/${fresh.id}/revoke`, {
      reason: "Attendance not confirmed",
    });
    expect((await anonymous.get(`/certificates/${fresh.code}`)).body).toContain("Revoked");
    const api = await anonymous.json("GET", `/api/v1/certificates/${fresh.code}`);
    expect(api.json()).toMatchObject({ status: "revoked", hours: "2.50" });
    expect(Object.keys(api.json()).sort()).toEqual(
      [
        "activityTitle",
        "attendeeName",
        "code",
        "creditLabel",
        "endsOn",
        "hours",
        "startsOn",
        "status",
      ].sort(),
    );
    const audits = await queryRows<{ action: string }>(
      t.db,
      sql`select action from audit_log where action like 'event.certificate.%' order by id`,
    );
    expect(audits.map((a) => a.action)).toEqual([
      "event.certificate.issue",
      "event.certificate.reissue",
      "event.certificate.revoke",
    ]);
    // A revoked certificate is not issued again by the next run.
    await organiser.postForm(`${base}/manage/certificates/issue`, {});
    await t.runJobs();
    expect(await t.db.select().from(eventCertificates)).toHaveLength(2);
  });

  it("shows presenters anonymous results only from 3 evaluations, and refuses anyone else", async () => {
    const { a } = fixture.sessions;
    const results = `${base}/results/${a.id}`;
    await evaluate(others[0]!, a.id, { ...rating, comment: "Second comment" });
    let page = await presenter.get(results);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Fewer than 3 evaluations");
    expect(page.body).not.toContain("Useful tools, well paced");
    await evaluate(others[1]!, a.id, { ...rating, overall: "2", comment: "Third comment" });
    page = await presenter.get(results);
    expect(page.body).toContain("Useful tools, well paced");
    expect(page.body).toContain("Third comment");
    for (const name of ["Casey", "Secret Name", "secret1@", "LPC-12345"])
      expect(page.body).not.toContain(name);
    expect((await organiser.get(results)).statusCode).toBe(200);
    expect((await outsider.get(results)).statusCode).toBe(404);
    expect((await others[0]!.get(results)).statusCode).toBe(404);
    // Nothing links a comment to its writer in the database either.
    const columns = await queryRows<{ column_name: string }>(
      t.db,
      sql`select column_name from information_schema.columns where table_name = 'event_evaluation_responses'`,
    );
    expect(columns.map((c) => c.column_name)).not.toEqual(expect.arrayContaining(["registration_id"]));
    const csv = await organiser.get(`${base}/manage/evaluations.csv`);
    expect(csv.body).toContain("Third comment");
    expect(csv.body).not.toContain("Secret Name");
    const api = await presenter.json("GET", `/api/v1/events/${slug}/results/${a.id}`);
    expect(api.json()).toMatchObject({ responses: 3, shown: true, overall: 3.33 });
  });

  it("purges only the certificates past their retention", async () => {
    const event = (await eventBySlug(t.db, slug))!;
    const [kept] = await t.db.select().from(eventCertificates);
    expect(await purgeExpiredCertificates(t.db, new Date("2032-03-11T12:00:00Z"))).toBe(0);
    expect(await purgeExpiredCertificates(t.db, new Date("2032-03-12T12:00:00Z"))).toBe(2);
    expect(await certificateByCode(t.db, kept!.code)).toBeNull();
    expect(event.id).toBe(fixture.event.id);
  });

  async function receipts(): Promise<number> {
    const [row] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from event_evaluation_receipts`,
    );
    return row!.n;
  }
});
