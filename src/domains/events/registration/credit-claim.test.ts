import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, signedInClient, startTestApp, type TestApp } from "../../../../test/support/app";
import { queryRows } from "../../../platform/db/client";
import { buildUser } from "../../../seed/factories";
import { creditStanding, eventBySlug as creditEventBySlug } from "../credit/service";
import { eventCreditTypes } from "../setup/schema";
import { cancelRegistration, register } from "./service";
import { buildRegistrationEvent } from "./test-factories";

/*
 * The registration form asks which CE credit the person will claim — only when the event offers
 * credit, optional, in English and Spanish — and saves it as credit's own claim (the one the
 * certificate page shows and changes). A credit type of another event is refused with the
 * message by the field, page and API alike, and nothing is written.
 */

const QUESTION_EN = "I will claim CE credit as…";
const QUESTION_ES = "Solicitaré créditos de educación continua como…";

describe.each(DATABASES)("claiming CE credit when registering on %s", (kind) => {
  let t: TestApp;
  let withCredit: Awaited<ReturnType<typeof buildRegistrationEvent>>;
  let withoutCredit: Awaited<ReturnType<typeof buildRegistrationEvent>>;
  const types: Record<string, string> = {};

  const creditType = async (eventId: string, profession: "psychologist" | "counselor", label: string) => {
    const [row] = await t.db
      .insert(eventCreditTypes)
      .values({
        eventId,
        profession,
        label,
        providerName: "Test Provider",
        approvalStatement: "Approved by the Test Board.",
      })
      .returning();
    return row!.id;
  };
  const claimsOf = (eventId: string, userId: string) =>
    queryRows<{ creditTypeId: string }>(
      t.db,
      sql`select c.credit_type_id as "creditTypeId" from event_credit_claims c
          join event_registrations r on r.id = c.registration_id
          where r.event_id = ${eventId} and r.user_id = ${userId}`,
    );
  const registrations = (eventId: string, userId: string) =>
    queryRows<{ id: string }>(
      t.db,
      sql`select id from event_registrations where event_id = ${eventId} and user_id = ${userId}`,
    );

  beforeAll(async () => {
    t = await startTestApp(kind);
    withCredit = await buildRegistrationEvent(t.db);
    withoutCredit = await buildRegistrationEvent(t.db);
    const other = await buildRegistrationEvent(t.db);
    types.psychologists = await creditType(withCredit.event.id, "psychologist", "APA CE credits");
    types.counselors = await creditType(withCredit.event.id, "counselor", "NBCC clock hours");
    types.foreign = await creditType(other.event.id, "counselor", "Other event hours");
  }, 120_000);
  afterAll(async () => t?.close());

  it("offers the event's credit types, optional, in English and Spanish, and only when it offers credit", async () => {
    const person = await signedInClient(t, (await buildUser(t.db, { name: "Lia Looker" })).id);
    const en = await person.get(`/events/${withCredit.event.slug}/register`);
    expect(en.statusCode).toBe(200);
    expect(en.body).toContain(QUESTION_EN);
    expect(en.body).toContain("APA CE credits — Test Provider");
    expect(en.body).toContain("NBCC clock hours — Test Provider");
    expect(en.body).toContain("No CE credit, or I will decide later");
    expect(en.body).not.toContain("Other event hours");
    const es = await person.get(`/events/${withCredit.event.slug}/register`, { "accept-language": "es" });
    expect(es.body).toContain(QUESTION_ES);
    const none = await person.get(`/events/${withoutCredit.event.slug}/register`);
    expect(none.statusCode).toBe(200);
    expect(none.body).not.toContain(QUESTION_EN);
    expect(none.body).not.toContain('name="creditTypeId"');
  });

  it("saves the choice as the claim the certificate page shows", async () => {
    const user = await buildUser(t.db, { name: "Pat Psychologist" });
    const person = await signedInClient(t, user.id);
    const url = `/events/${withCredit.event.slug}/register`;
    await person.get(url);
    const foreign = await person.postForm(url, {
      ticketTypeId: withCredit.tickets[0]!.id,
      creditTypeId: types.foreign!,
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.body).toContain("Choose one of the credit types this event offers.");
    expect(await registrations(withCredit.event.id, user.id)).toEqual([]);
    const sent = await person.postForm(url, {
      ticketTypeId: withCredit.tickets[0]!.id,
      certificateName: "Pat Q. Psychologist",
      creditTypeId: types.psychologists!,
    });
    expect(sent.statusCode).toBe(303);
    expect(await claimsOf(withCredit.event.id, user.id)).toEqual([{ creditTypeId: types.psychologists }]);
    const event = (await creditEventBySlug(t.db, withCredit.event.slug))!;
    expect((await creditStanding(t.db, event, user.id)).claim?.id).toBe(types.psychologists);
    const certificate = await person.get(`/events/${withCredit.event.slug}/certificate`);
    expect(certificate.statusCode).toBe(200);
    expect(certificate.body).toMatch(new RegExp(`value="${types.psychologists}"[^>]*checked`));
  });

  it("takes a new choice, or none, when the person registers again after cancelling", async () => {
    const user = await buildUser(t.db, { name: "Rey Registers-Again" });
    const details = (creditTypeId: string | null) => ({
      ticketTypeId: withCredit.tickets[0]!.id,
      answers: {},
      certificateName: null,
      licenceNumber: null,
      creditTypeId,
    });
    const again = async (creditTypeId: string | null) => {
      const [mine] = await registrations(withCredit.event.id, user.id);
      expect((await cancelRegistration(t.db, withCredit.event, mine!.id, user.id)).cancelled).toBe(true);
      expect((await register(t.db, withCredit.event, user.id, details(creditTypeId))).ok).toBe(true);
    };
    await register(t.db, withCredit.event, user.id, details(types.psychologists!));
    await again(types.counselors!);
    expect(await claimsOf(withCredit.event.id, user.id)).toEqual([{ creditTypeId: types.counselors }]);
    await again(null);
    expect(await claimsOf(withCredit.event.id, user.id)).toEqual([]);
    expect(await registrations(withCredit.event.id, user.id)).toHaveLength(1);
  });

  it("takes no choice at all, and the same choice through the API", async () => {
    const quiet = await buildUser(t.db, { name: "Noor Nochoice" });
    const quietClient = await signedInClient(t, quiet.id);
    await quietClient.get(`/events/${withCredit.event.slug}/register`);
    const plain = await quietClient.postForm(`/events/${withCredit.event.slug}/register`, {
      ticketTypeId: withCredit.tickets[0]!.id,
      creditTypeId: "",
    });
    expect(plain.statusCode).toBe(303);
    expect(await registrations(withCredit.event.id, quiet.id)).toHaveLength(1);
    expect(await claimsOf(withCredit.event.id, quiet.id)).toEqual([]);

    const user = await buildUser(t.db, { name: "Cory Counselor" });
    const client = await signedInClient(t, user.id);
    const api = `/api/v1/events/${withCredit.event.slug}/registration`;
    await client.get(`/events/${withCredit.event.slug}/register`);
    const headers = { "x-csrf-token": client.csrfToken };
    const refused = await client.json(
      "POST",
      api,
      { ticketTypeId: withCredit.tickets[0]!.id, creditTypeId: types.foreign },
      headers,
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].pointer).toBe("/creditTypeId");
    expect(await registrations(withCredit.event.id, user.id)).toEqual([]);
    const ok = await client.json(
      "POST",
      api,
      { ticketTypeId: withCredit.tickets[0]!.id, creditTypeId: types.counselors },
      headers,
    );
    expect(ok.statusCode, ok.body).toBeLessThan(300);
    expect(await claimsOf(withCredit.event.id, user.id)).toEqual([{ creditTypeId: types.counselors }]);
  });
});
