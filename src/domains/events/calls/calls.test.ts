import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  type TestClient,
} from "../../../../test/support/app";
import { TestClient as AnonymousClient } from "../../../../test/support/app";
import { queryRows } from "../../../platform/db/client";
import type { Actor } from "../../../platform/policy";
import { addMembership, buildUser } from "../../../seed/factories";
import { getStateByCode } from "../../directory/service";
import { createEvent, eventTracksOf, setEventStatus, eventBySlug } from "../setup/service";

/*
 * The call end to end on both databases: opening it, proposing (objectives, deadline), reviewers
 * and their declarations, automatic assignment (own organisation, conflicts, balance), the blind
 * rule in pages, API and emails (marker strings), reviews hidden until one's own is in, the
 * organisers' table and CSV, staged decisions released in one batch (one email per presenter),
 * and a confirmed proposal becoming a session.
 */

// Marker strings: none of them may ever reach a reviewer.
const PRESENTER = "Zebulon Quillfeather";
const CO_PRESENTER = "Philippa Marrowdale";
const ORGANISATION = "Quillmark Institute Q9K";
const PRESENTER_EMAIL = "zebulon.q9k@presenters.example";
const CO_EMAIL = "philippa.q9k@presenters.example";
const MARKERS = [
  "Quillfeather",
  "Zebulon",
  "Marrowdale",
  "Philippa",
  "Quillmark",
  "Q9K",
  "q9k",
  "presenters.example",
  "Biomarker-bio",
];

interface Mail {
  to: string;
  subject: string;
  text: string;
}

describe.each(DATABASES)("calls for proposals on %s", (kind) => {
  let t: TestApp;
  let slug = "";
  let trackId = "";
  const ids: Record<string, string> = {};
  const c: Record<string, TestClient> = {};
  let proposalId = "";

  const mails = () =>
    queryRows<Mail>(
      t.db,
      sql`select to_address as "to", subject, body_text as text from email_outbox order by created_at`,
    );
  const leaks = (text: string) => MARKERS.filter((m) => text.includes(m));

  beforeAll(async () => {
    t = await startTestApp(kind);
    const maryland = (await getStateByCode(t.db, "MD"))!;
    const person = async (name: string, email: string, fullName = name, locale = "en") => {
      const user = await buildUser(t.db, { email, name: fullName, locale });
      ids[name] = user.id;
      c[name] = await signedInClient(t, user.id);
    };
    await person("organiser", "organiser@calls.example");
    await addMembership(t.db, ids.organiser!, maryland.id, "member");
    await person("presenter", PRESENTER_EMAIL, PRESENTER);
    await person("coPresenter", CO_EMAIL, CO_PRESENTER, "es");
    for (const r of ["r1", "r2", "r3", "r4"]) await person(r, `${r}@reviewers.example`, `Reviewer ${r}`);
    const admin = await buildUser(t.db, { systemRole: "admin" });
    const actor: Actor = { userId: admin.id, systemRole: "admin", emailVerified: true, memberships: [] };
    const created = await createEvent(
      t.db,
      actor,
      { id: maryland.id, ancestorIds: maryland.ancestorIds },
      {
        slug: "calls-test-summit",
        kind: "regional",
        titleEn: "Calls test summit",
        titleEs: "Cumbre de prueba",
        summaryEn: "A test.",
        startsOn: "2099-05-01",
        endsOn: "2099-05-02",
        timeZone: "America/Chicago",
        mode: "in_person",
        venue: "Somewhere",
        onlineUrl: null,
        capacity: 100,
        ceActivityTitle: null,
      } as never,
      [{ nameEn: "Screening", nameEs: "Detección" }],
    );
    slug = created.slug;
    const event = (await eventBySlug(t.db, slug))!;
    await setEventStatus(t.db, actor, event, "published");
    trackId = (await eventTracksOf(t.db, event.id))[0]!.id;
    ids.event = event.id;
  }, 120_000);
  afterAll(() => t?.close());

  const proposalForm = (overrides: Record<string, string> = {}) => ({
    title: "Tiered supports that last",
    abstract: `What we learned at ${ORGANISATION} when ${PRESENTER} led the rollout.`,
    learningObjectives: "Describe three tiers\nPlan a screening\nUse data to decide",
    audienceLevel: "intermediate",
    trackId,
    format: "workshop",
    language: "en",
    accessibilityNeeds: "Step-free access",
    presenter1Name: PRESENTER,
    presenter1Organisation: ORGANISATION,
    presenter1Email: PRESENTER_EMAIL,
    presenter1Bio: "Biomarker-bio of the presenter.",
    presenter2Name: CO_PRESENTER,
    presenter2Organisation: ORGANISATION,
    presenter2Email: CO_EMAIL,
    intent: "submit",
    ...overrides,
  });

  it("opens the call (deadline in the event's zone) and shows it to anyone, in English and Spanish", async () => {
    const saved = await c.organiser!.postForm(`/events/${slug}/manage/call`, {
      formats: ["presentation", "workshop", "panel"],
      deadlineDay: "2099-03-01",
      deadlineTime: "17:00",
      guidanceEn: "Send your best work.",
      guidanceEs: "Envíe su mejor trabajo.",
      rubric: "Relevance | Pertinencia | 3\nEvidence | Evidencia | 2\nClarity | Claridad | 1",
      reviewsPerProposal: "2",
    });
    expect(saved.statusCode).toBe(303);
    const [call] = await queryRows<{ deadline: Date }>(
      t.db,
      sql`select deadline from event_calls where event_id = ${ids.event}`,
    );
    // 17:00 in Chicago on 1 March (CST, UTC−6) is 23:00 UTC.
    expect(new Date(call!.deadline).toISOString()).toBe("2099-03-01T23:00:00.000Z");
    const anonymous = new AnonymousClient(t.app);
    const page = await anonymous.get(`/events/${slug}/call`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Send your best work.");
    expect(page.body).toContain("Workshop");
    anonymous.cookies.set("smh_lang", "es");
    const es = await anonymous.get(`/events/${slug}/call`);
    expect(es.body).toContain("Envíe su mejor trabajo.");
    expect(es.body).toContain("Taller");
    const bad = await c.organiser!.postForm(`/events/${slug}/manage/call`, {
      formats: "presentation",
      deadlineDay: "2099-03-01",
      deadlineTime: "17:00",
      rubric: "no weight here",
      reviewsPerProposal: "2",
    });
    expect(bad.statusCode).toBe(400);
  });

  it("takes a proposal only with 1–5 objectives and the submitter among the presenters, and confirms it by email", async () => {
    const url = `/events/${slug}/call/propose`;
    await c.presenter!.get(url);
    const none = await c.presenter!.postForm(url, proposalForm({ learningObjectives: "   " }));
    expect(none.statusCode).toBe(400);
    const six = await c.presenter!.postForm(url, proposalForm({ learningObjectives: "a\nb\nc\nd\ne\nf" }));
    expect(six.statusCode).toBe(400);
    expect(six.body).toContain("1 to 5 learning objectives");
    const notMe = await c.r1!.postForm(url, proposalForm());
    expect(notMe.statusCode).toBe(400);
    const poster = await c.presenter!.postForm(url, proposalForm({ format: "poster" }));
    expect(poster.statusCode).toBe(400);
    const ok = await c.presenter!.postForm(url, proposalForm());
    expect(ok.statusCode).toBe(303);
    proposalId = String(ok.headers.location).split("/").pop()!;
    const count = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from event_proposals`);
    expect(count[0]!.n).toBe(1);
    const confirmation = (await mails()).filter((m) => m.to === PRESENTER_EMAIL);
    expect(confirmation).toHaveLength(1);
    expect(confirmation[0]!.subject).toContain("Tiered supports that last");
    // The co-presenter has an account: the proposal is theirs to see too.
    const mine = await c.coPresenter!.get("/events/my/proposals");
    expect(mine.body).toContain("Tiered supports that last");
    // A second proposal by someone else, for assignment.
    await c.r4!.get(url);
    const other = await c.r4!.postForm(
      url,
      proposalForm({
        title: "Family voice",
        abstract: "Families as partners.",
        presenter1Name: "Reviewer r4",
        presenter1Organisation: "Fourth org",
        presenter1Email: "r4@reviewers.example",
        presenter1Bio: "",
        presenter2Name: "",
        presenter2Organisation: "",
        presenter2Email: "",
      }),
    );
    expect(other.statusCode).toBe(303);
    ids.other = String(other.headers.location).split("/").pop()!;
  });

  it("assigns reviewers automatically: never the presenters' organisation, a presenter or a declared conflict; load within one", async () => {
    for (const r of ["r1", "r2", "r3", "r4"]) {
      await c.organiser!.get(`/events/${slug}/manage/reviewers`);
      const added = await c.organiser!.postForm(`/events/${slug}/manage/reviewers`, {
        email: `${r}@reviewers.example`,
      });
      expect(added.statusCode).toBe(303);
    }
    const unknown = await c.organiser!.postForm(`/events/${slug}/manage/reviewers`, {
      email: "nobody@nowhere.example",
    });
    expect(unknown.statusCode).toBe(400);
    // r1 works at the presenters' organisation; r3 declares a conflict with the other proposal.
    await c.r1!.get(`/events/${slug}/reviewing`);
    expect(
      (await c.r1!.postForm(`/events/${slug}/reviewing`, { organisation: ORGANISATION.toUpperCase() }))
        .statusCode,
    ).toBe(303);
    const list = await c.r3!.get(`/events/${slug}/reviewing`);
    expect(list.body).toContain("Family voice");
    expect(leaks(list.body)).toEqual([]);
    expect(
      (await c.r3!.postForm(`/events/${slug}/reviewing`, { organisation: "Third", conflicts: ids.other! }))
        .statusCode,
    ).toBe(303);
    await c.organiser!.get(`/events/${slug}/manage/assignments`);
    const run = await c.organiser!.postForm(`/events/${slug}/manage/assignments`, {
      reviewsPerProposal: "2",
    });
    expect(run.statusCode).toBe(303);
    const rows = await queryRows<{ p: string; r: string }>(
      t.db,
      sql`select proposal_id as p, reviewer_id as r from event_reviews`,
    );
    const on = (p: string) =>
      rows
        .filter((x) => x.p === p)
        .map((x) => x.r)
        .sort();
    // Ours: not r1 (same organisation), so two of r2, r3, r4. The other: not r4 (presents it), not r3 (conflict).
    expect(on(proposalId)).toHaveLength(2);
    expect(on(proposalId)).not.toContain(ids.r1);
    expect(on(ids.other!)).toEqual([ids.r1!, ids.r2!].sort());
    // Four reviews over four reviewers: one each.
    const load = ["r1", "r2", "r3", "r4"].map((r) => rows.filter((x) => x.r === ids[r]).length);
    expect(Math.max(...load) - Math.min(...load)).toBeLessThanOrEqual(1);
    // By hand: r1 may not be added to ours.
    const refused = await c.organiser!.postForm(`/events/${slug}/manage/assignments/add`, {
      proposalId,
      reviewerId: ids.r1!,
    });
    expect(refused.statusCode).toBe(400);
    ids.reviewerA = on(proposalId)[0]!;
    ids.reviewerB = on(proposalId)[1]!;
  });

  const reviewerName = (id: string) =>
    Object.keys(ids).find((k) => ids[k] === id && k.startsWith("r") && k.length === 2)!;

  it("shows reviewers the proposal blind in pages and the API, and hides others' reviews until their own is in", async () => {
    const a = c[reviewerName(ids.reviewerA!)]!;
    const b = c[reviewerName(ids.reviewerB!)]!;
    const queue = await a.get("/events/reviews");
    expect(queue.body).toContain("Tiered supports that last");
    const page = await a.get(`/events/reviews/${proposalId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Describe three tiers");
    expect(page.body).toContain("once you have submitted your own");
    const api = await a.json("GET", `/api/v1/events/reviews/${proposalId}`);
    expect(api.statusCode).toBe(200);
    expect(api.json().otherReviews).toBeNull();
    const apiQueue = await a.json("GET", "/api/v1/events/reviews");
    for (const body of [queue.body, page.body, api.body, apiQueue.body]) expect(leaks(body)).toEqual([]);
    // A reviewer not assigned to it is refused (404), like anyone else.
    const stranger =
      c[["r1", "r2", "r3", "r4"].find((r) => ![ids.reviewerA, ids.reviewerB].includes(ids[r]))!]!;
    expect((await stranger.get(`/events/reviews/${proposalId}`)).statusCode).toBe(404);

    const missing = await a.postForm(`/events/reviews/${proposalId}`, { score1: "4", score2: "4" });
    expect(missing.statusCode).toBe(400);
    expect(
      (
        await a.postForm(`/events/reviews/${proposalId}`, {
          score1: "5",
          score2: "4",
          score3: "3",
          commentToPresenters: "Strong and clear.",
        })
      ).statusCode,
    ).toBe(303);
    const afterOwn = await a.json("GET", `/api/v1/events/reviews/${proposalId}`);
    expect(afterOwn.json().otherReviews).toEqual([]);
    const put = await b.json(
      "PUT",
      `/api/v1/events/reviews/${proposalId}`,
      {
        scores: { c1: 2, c2: 2, c3: 1 },
        commentToPresenters: "Needs evidence.",
        commentToOrganisers: "Doubtful.",
      },
      { "x-csrf-token": b.csrfToken },
    );
    expect(put.statusCode).toBe(204);
    const seen = await a.get(`/events/reviews/${proposalId}`);
    expect(seen.body).toContain("Needs evidence.");
    expect(seen.body).not.toContain("Doubtful.");
    // The other review is "Reviewer 1", never its author's name.
    expect(seen.body).not.toContain(`Reviewer ${reviewerName(ids.reviewerB!)}`);
    expect(leaks(seen.body)).toEqual([]);
    // Emails the reviewers received (their invitation) name no presenter.
    const toReviewers = (await mails()).filter((m) => m.to.endsWith("@reviewers.example"));
    expect(toReviewers.length).toBeGreaterThan(0);
    for (const m of toReviewers) expect(leaks(m.subject + m.text)).toEqual([]);
  });

  it("gives organisers weighted mean, median and spread, a CSV, and keeps decisions from presenters until released", async () => {
    const table = await c.organiser!.get(`/events/${slug}/manage/proposals?sort=spread`);
    expect(table.statusCode).toBe(200);
    // Weights 3,2,1: reviews (5,4,3) → 26/6 = 4.33 and (2,2,1) → 11/6 = 1.83; mean 3.08, spread 2.5.
    expect(table.body).toContain("3.08");
    expect(table.body).toContain("2.5");
    const csv = await c.organiser!.get(`/events/${slug}/manage/proposals.csv?disagreement=yes`);
    expect(csv.body.split("\n")[0]).toContain("weighted_mean");
    expect(csv.body).toContain("Tiered supports that last");
    expect(csv.body).not.toContain("Family voice");
    await c.organiser!.get(`/events/${slug}/manage/proposals/${proposalId}`);
    const staged = await c.organiser!.postForm(`/events/${slug}/manage/proposals/${proposalId}/decision`, {
      decision: "accept",
      note: "Welcome aboard.",
    });
    expect(staged.statusCode).toBe(303);
    await c.organiser!.postForm(`/events/${slug}/manage/proposals/${ids.other}/decision`, {
      decision: "reject",
    });
    const before = await c.presenter!.get(`/events/my/proposals/${proposalId}`);
    expect(before.body).toContain("under review");
    expect(before.body).not.toContain("Welcome aboard.");
    const api = await c.presenter!.json("GET", `/api/v1/events/my/proposals/${proposalId}`);
    expect(api.json().decision).toBeNull();
  });

  it("releases every staged decision in one batch, emailing each presenter once in their language", async () => {
    const mailsBefore = (await mails()).length;
    await c.organiser!.get(`/events/${slug}/manage/proposals`);
    expect((await c.organiser!.postForm(`/events/${slug}/manage/decisions/release`, {})).statusCode).toBe(
      303,
    );
    await t.runJobs();
    const sent = (await mails()).slice(mailsBefore);
    expect(sent.map((m) => m.to).sort()).toEqual([CO_EMAIL, PRESENTER_EMAIL, "r4@reviewers.example"].sort());
    expect(sent.find((m) => m.to === CO_EMAIL)!.subject).toContain("aceptada");
    expect(sent.find((m) => m.to === PRESENTER_EMAIL)!.text).toContain("Welcome aboard.");
    // A second release finds nothing left to send.
    await c.organiser!.postForm(`/events/${slug}/manage/decisions/release`, {});
    await t.runJobs();
    expect((await mails()).length).toBe(mailsBefore + 3);
    const after = await c.presenter!.get(`/events/my/proposals/${proposalId}`);
    expect(after.body).toContain("Accepted");
    const audit = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from audit_log where action = 'events.proposal.decide'`,
    );
    expect(audit[0]!.n).toBe(2);
  });

  it("turns a confirmed proposal into one program session with its presenters", async () => {
    const page = await c.presenter!.get(`/events/my/proposals/${proposalId}`);
    expect(page.body).toContain("Confirm");
    expect(
      (await c.presenter!.postForm(`/events/my/proposals/${proposalId}/respond`, { response: "confirmed" }))
        .statusCode,
    ).toBe(303);
    expect(
      (await c.coPresenter!.postForm(`/events/my/proposals/${proposalId}/respond`, { response: "confirmed" }))
        .statusCode,
    ).toBe(303);
    const sessions = await queryRows<{ id: string; title: string; format: string }>(
      t.db,
      sql`select id, title, format from event_sessions where proposal_id = ${proposalId}`,
    );
    expect(sessions).toHaveLength(1);
    expect(sessions[0]!.format).toBe("workshop");
    const presenters = await queryRows<{ name: string }>(
      t.db,
      sql`select name from event_session_presenters where session_id = ${sessions[0]!.id} order by position`,
    );
    expect(presenters.map((p) => p.name)).toEqual([PRESENTER, CO_PRESENTER]);
    // The rejected proposal cannot be confirmed.
    const r4 = await c.r4!.json(
      "POST",
      `/api/v1/events/my/proposals/${ids.other}/response`,
      { response: "confirmed" },
      { "x-csrf-token": c.r4!.csrfToken },
    );
    expect(r4.statusCode).toBe(409);
  });

  it("refuses new proposals and changes after the deadline with a clear message", async () => {
    await t.db.execute(
      sql`update event_calls set deadline = now() - interval '1 minute' where event_id = ${ids.event}`,
    );
    const page = await c.r2!.postForm(
      `/events/${slug}/call/propose`,
      proposalForm({ presenter1Email: "r2@reviewers.example" }),
    );
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain("The deadline has passed");
    const api = await c.r2!.json(
      "POST",
      `/api/v1/events/${slug}/proposals`,
      {
        title: "Late",
        abstract: "Late.",
        learningObjectives: "One",
        audienceLevel: "introductory",
        format: "presentation",
        language: "en",
        presenters: [{ name: "R2", organisation: "Two", email: "r2@reviewers.example" }],
        submit: true,
      },
      { "x-csrf-token": c.r2!.csrfToken },
    );
    expect(api.statusCode).toBe(409);
    expect(api.json().detail).toContain("deadline has passed");
    const edit = await c.r4!.postForm(`/events/my/proposals/${ids.other}/edit`, proposalForm());
    expect(edit.statusCode).toBe(400);
    const count = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from event_proposals`);
    expect(count[0]!.n).toBe(2);
  });
});
