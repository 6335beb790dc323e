import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, signedInClient, startTestApp, type TestApp } from "../../../../test/support/app";
import { queryRows } from "../../../platform/db/client";
import type { Actor } from "../../../platform/policy";
import { addMembership, buildUser } from "../../../seed/factories";
import { getNation } from "../../directory/service";
import { createEvent, eventBySlug, setEventStatus } from "../setup/service";
import { releaseDecisions, stageDecision } from "./decisions";
import { createProposal, DEFAULT_RUBRIC, proposalById, saveCall } from "./service";

/*
 * A presenter's confirmation hands the proposal to the program's own rules (program/service.ts
 * `createSessionFromProposal`), in the confirmation's transaction: at an online event the session is
 * online with its attendance code, the presenters come along (a co-presenter who made an account
 * after the proposal was sent is linked by email), and the objectives and language carry over.
 */
describe.each(DATABASES)("a confirmed proposal becomes a program session on %s", (kind) => {
  let t: TestApp;
  let proposalId = "";
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp(kind);
    const nation = (await getNation(t.db))!;
    const lead = await buildUser(t.db, { name: "Nia Organiser" });
    await addMembership(t.db, lead.id, nation.id, "lead");
    const organiser: Actor = {
      userId: lead.id,
      systemRole: "user",
      emailVerified: true,
      memberships: [{ organisationId: nation.id, role: "lead" }],
    };
    const created = await createEvent(
      t.db,
      organiser,
      { id: nation.id, ancestorIds: nation.ancestorIds },
      {
        slug: "online-spring-series",
        kind: "webinar",
        titleEn: "Online spring series",
        titleEs: "Serie de primavera en línea",
        summaryEn: "Online only.",
        startsOn: "2099-04-01",
        endsOn: "2099-04-01",
        timeZone: "America/Denver",
        mode: "online",
        venue: null,
        onlineUrl: "https://meet.example.org/spring",
        capacity: 300,
        ceActivityTitle: null,
      },
      [],
    );
    const event = (await eventBySlug(t.db, created.slug))!;
    await setEventStatus(t.db, organiser, event, "published");
    const call = await saveCall(t.db, event.id, {
      formats: ["presentation", "workshop"],
      deadline: new Date("2099-03-01T00:00:00Z"),
      guidanceEn: "",
      guidanceEs: null,
      rubric: DEFAULT_RUBRIC,
      reviewsPerProposal: 1,
    });
    const presenter = await buildUser(t.db, { name: "Pia Presenter", email: "pia@presenters.example" });
    ids.presenter = presenter.id;
    const proposal = await createProposal(
      t.db,
      { userId: presenter.id, systemRole: "user", emailVerified: true, memberships: [] },
      call,
      {
        title: "Check-ins that travel",
        abstract: "Short daily check-ins, online.",
        learningObjectives: "Plan a check-in\nRead its answers",
        audienceLevel: "introductory",
        trackId: null,
        format: "workshop",
        accessibilityNeeds: "",
        language: "es",
        presenters: [
          { name: "Pia Presenter", organisation: "Mesa Schools", email: "pia@presenters.example", bio: "" },
          { name: "Cal Copresenter", organisation: "Mesa Schools", email: "Cal@Presenters.example", bio: "" },
        ],
      },
      true,
    );
    proposalId = proposal.id;
    // The co-presenter makes an account only after the proposal was sent.
    ids.coPresenter = (
      await buildUser(t.db, { name: "Cal Copresenter", email: "cal@presenters.example" })
    ).id;
    await stageDecision(t.db, organiser, proposal, "accept", "");
    await releaseDecisions(t.db, event.id, lead.id);
  }, 120_000);
  afterAll(() => t?.close());

  it("gives the session of an online event its attendance code and its presenters, in one transaction", async () => {
    const presenter = await signedInClient(t, ids.presenter!);
    await presenter.get(`/events/my/proposals/${proposalId}`);
    const res = await presenter.postForm(`/events/my/proposals/${proposalId}/respond`, {
      response: "confirmed",
    });
    expect(res.statusCode, res.body).toBe(303);
    const sessions = await queryRows<{
      id: string;
      mode: string;
      attendanceCode: string | null;
      learningObjectives: string;
      language: string;
      format: string;
      startsAt: Date | null;
    }>(
      t.db,
      sql`select id, mode, attendance_code as "attendanceCode", learning_objectives as "learningObjectives",
            language, format, starts_at as "startsAt"
          from event_sessions where proposal_id = ${proposalId}`,
    );
    expect(sessions).toHaveLength(1);
    const session = sessions[0]!;
    expect(session.mode).toBe("online");
    expect(session.attendanceCode).toMatch(/^[A-HJ-NP-Z2-9]{6}$/);
    expect(session.learningObjectives).toBe("Plan a check-in\nRead its answers");
    expect(session.language).toBe("es");
    expect(session.format).toBe("workshop");
    expect(session.startsAt).toBeNull();
    const presenters = await queryRows<{ name: string; userId: string | null }>(
      t.db,
      sql`select name, user_id as "userId" from event_session_presenters
          where session_id = ${session.id} order by position`,
    );
    expect(presenters).toEqual([
      { name: "Pia Presenter", userId: ids.presenter },
      { name: "Cal Copresenter", userId: ids.coPresenter },
    ]);
    expect((await proposalById(t.db, proposalId))!.sessionId).toBe(session.id);
    const audit = await queryRows<{ action: string }>(
      t.db,
      sql`select action from audit_log where entity_id = ${session.id} or entity_id = ${proposalId} order by action`,
    );
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(["events.proposal.confirmed", "events.session.create"]),
    );
    // A second confirmation is refused and adds nothing.
    const again = await presenter.postForm(`/events/my/proposals/${proposalId}/respond`, {
      response: "confirmed",
    });
    expect(again.statusCode).toBe(303);
    const count = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from event_sessions where proposal_id = ${proposalId}`,
    );
    expect(count[0]!.n).toBe(1);
  });
});
