import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  type TestClient,
} from "../../../../test/support/app";
import { queryRows } from "../../../platform/db/client";
import { addMembership, buildDistrictWithSchools, buildUser } from "../../../seed/factories";
import type { Organisation } from "../../directory/service";
import { previousSchoolYear, type ResponseView, schoolYearOf, seedInstruments } from "../../measures/service";
import {
  addGoal,
  addStep,
  isCalendarDate,
  isOverdue,
  listProjects,
  PlanError,
  planFromReport,
  projectScope,
  startProjectFromReport,
  updateStep,
} from "./service";
import { buildSubmittedAssessment } from "./test-factories";

describe("plans' pure rules", () => {
  it("flags a step overdue only when its date has passed and it is neither done nor dropped", () => {
    expect(isOverdue({ dueOn: "2026-01-01", status: "inProgress" }, "2026-01-02")).toBe(true);
    expect(isOverdue({ dueOn: "2026-01-01", status: "notStarted" }, "2026-01-01")).toBe(false);
    expect(isOverdue({ dueOn: "2026-01-01", status: "done" }, "2026-03-01")).toBe(false);
    expect(isOverdue({ dueOn: "2026-01-01", status: "dropped" }, "2026-03-01")).toBe(false);
    expect(isOverdue({ dueOn: null, status: "notStarted" }, "2026-03-01")).toBe(false);
  });

  it("takes only real calendar days", () => {
    expect(isCalendarDate("2028-02-29")).toBe(true);
    expect(isCalendarDate("2027-02-29")).toBe(false);
    expect(isCalendarDate("2027-02-31")).toBe(false);
    expect(isCalendarDate("0000-01-01")).toBe(false);
    expect(isCalendarDate("2027-1-1")).toBe(false);
  });
});

describe.each(DATABASES)("plans on %s", (kind) => {
  let t: TestApp;
  let school: Organisation;
  let peerSchool: Organisation;
  let district: Organisation;
  let leadId: string;
  let memberId: string;
  let outsiderId: string;
  let lead: TestClient;
  let peer: TestClient;
  let districtMember: TestClient;
  let report: ResponseView;
  const year = previousSchoolYear(schoolYearOf(new Date()));

  beforeAll(async () => {
    t = await startTestApp(kind);
    await seedInstruments(t.db);
    const built = await buildDistrictWithSchools(t.db, "MD", 2);
    [school, peerSchool] = built.schools as [Organisation, Organisation];
    district = built.district;
    const [l, m, p, d, o] = [
      await buildUser(t.db, { name: "Lena Lead" }),
      await buildUser(t.db, { name: "Marco Member" }),
      await buildUser(t.db),
      await buildUser(t.db),
      await buildUser(t.db, { name: "Olga Outsider" }),
    ];
    await addMembership(t.db, l.id, school.id, "lead");
    await addMembership(t.db, m.id, school.id);
    await addMembership(t.db, p.id, peerSchool.id);
    await addMembership(t.db, d.id, district.id);
    await addMembership(t.db, o.id, peerSchool.id);
    [leadId, memberId, outsiderId] = [l.id, m.id, o.id];
    [lead, peer, districtMember] = await Promise.all([l, p, d].map((u) => signedInClient(t, u.id)));
    // The second domain is the lowest: its items rated 3, 1, 2, 5, … — the first domain all 4s.
    report = await buildSubmittedAssessment(t.db, leadId, school, year, (_key, i, domain) =>
      domain === 1 ? [3, 1, 2, 5][i % 4]! : 4,
    );
  });
  afterAll(() => t?.close());

  const secondDomain = () => report.instrument.sections.filter((s) => s.scored)[1]!;

  it("pre-fills a plan from the report: the domain, its indicators rated 1–2 lowest first, the report and guidance", async () => {
    const domain = secondDomain();
    const plan = planFromReport(report, domain.key, "en");
    const ratingItems = domain.items.filter((i) => i.type === "rating");
    const expected = ratingItems
      .map((item, idx) => ({ key: item.key, rating: [3, 1, 2, 5][domain.items.indexOf(item) % 4]!, idx }))
      .filter((r) => r.rating <= 2)
      .sort((a, b) => a.rating - b.rating || a.idx - b.idx)
      .map((r) => r.key);
    expect(plan.priorityIndicatorKeys).toEqual(expected);
    expect(plan.priorityIndicatorKeys!.length).toBeGreaterThan(0);
    expect(plan.title).toBe(`Improve: ${domain.title.en}`);
    const project = await startProjectFromReport(t.db, leadId, report, domain.key, "en");
    expect(project.sourceResponseId).toBe(report.id);
    expect(project.instrumentId).toBe(report.instrument.id);
    expect(await projectScope(t.db, project.id)).toEqual({ id: school.id, ancestorIds: school.ancestorIds });
    expect((await listProjects(t.db, school.id)).map((p) => p.id)).toContain(project.id);
    const audit = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from audit_log where entity_id = ${project.id} and action = 'improvement.project.create'`,
    );
    expect(audit[0]!.n).toBe(1);
  });

  it("refuses a domain the assessment does not have and an assessment not submitted", () => {
    expect(() => planFromReport(report, "no-such-domain", "en")).toThrow(PlanError);
    expect(() => planFromReport({ ...report, status: "draft" }, secondDomain().key, "en")).toThrow(PlanError);
  });

  it("refuses a step owner who is not on the team, and writes nothing", async () => {
    const project = await startProjectFromReport(t.db, leadId, report, secondDomain().key, "en");
    const goal = await addGoal(t.db, leadId, project, "Referral pathway");
    const before = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from improvement_steps`,
    );
    await expect(
      addStep(t.db, leadId, project, { goalId: goal.id, title: "Map referrals", ownerId: outsiderId }),
    ).rejects.toMatchObject({ field: "ownerId", problem: "notTeamMember" });
    const after = await queryRows<{ n: number }>(t.db, sql`select count(*)::int as n from improvement_steps`);
    expect(after[0]!.n).toBe(before[0]!.n);
    const step = await addStep(t.db, leadId, project, {
      goalId: goal.id,
      title: "Map referrals",
      ownerId: memberId,
    });
    expect(step.ownerName).toBe("Marco Member");
    await expect(updateStep(t.db, leadId, project, step, { ownerId: outsiderId })).rejects.toMatchObject({
      field: "ownerId",
    });
  });

  it("starts a plan from the report page, writes the aim, adds a goal and a step, and flags it overdue", async () => {
    const domain = secondDomain();
    const reportPage = await lead.get(`/measures/responses/${report.id}/report`);
    expect(reportPage.body).toContain(`/improvement/reports/${report.id}/start?domain=${domain.key}`);
    const start = await lead.get(`/improvement/reports/${report.id}/start?domain=${domain.key}`);
    expect(start.statusCode).toBe(200);
    expect(start.body).toMatch(new RegExp(`value="${domain.key}"[^>]*checked`));
    const started = await lead.postForm(`/improvement/reports/${report.id}/start`, { domainKey: domain.key });
    expect(started.statusCode).toBe(303);
    const aimUrl = started.headers.location as string;
    expect(aimUrl).toMatch(/^\/improvement\/projects\/[0-9a-f-]{36}\/aim$/);
    const projectUrl = aimUrl.replace(/\/aim$/, "");

    const badAim = await lead.postForm(aimUrl, {
      title: "Improve referrals",
      aimByWhen: "2027-02-31",
      status: "active",
    });
    expect(badAim.statusCode).toBe(400);
    expect(badAim.body).toContain("must be a date that exists, such as 2027-06-30.");
    expect(badAim.body).toContain('value="Improve referrals"');
    const aim = await lead.postForm(aimUrl, {
      title: "Improve referrals",
      aimWhat: "Referrals followed up within a week",
      aimHowMuch: "from 40% to 80%",
      aimByWhen: "2027-06-30",
      aimForWhom: "Students referred for Tier 2 support",
      status: "active",
    });
    expect(aim.statusCode).toBe(303);
    expect(
      (await lead.postForm(`${projectUrl}/goals`, { goalTitle: "A clear referral pathway" })).statusCode,
    ).toBe(303);
    const page = await lead.get(projectUrl);
    expect(page.body).toContain("from 40% to 80%");
    expect(page.body).toContain(`/measures/responses/${report.id}/report`);
    expect(page.body).toContain(`/measures/guidance/${report.instrument.id}/${domain.key}`);
    const goalId = /name="goalId"[\s\S]*?<option value="([0-9a-f-]{36})"/.exec(page.body)![1]!;

    const notMember = await lead.postForm(`${projectUrl}/steps`, {
      goalId,
      title: "Write the pathway",
      ownerId: outsiderId,
      dueOn: "2026-01-15",
      status: "inProgress",
    });
    expect(notMember.statusCode).toBe(400);
    expect(notMember.body).toContain("The owner must be a member of the team.");
    expect(notMember.body).toContain('value="Write the pathway"');
    const added = await lead.postForm(`${projectUrl}/steps`, {
      goalId,
      title: "Write the pathway",
      ownerId: memberId,
      dueOn: "2026-01-15",
      status: "inProgress",
    });
    expect(added.statusCode).toBe(303);
    const withStep = await lead.get(projectUrl);
    expect(withStep.body).toContain("Write the pathway");
    expect(withStep.body).toContain("Overdue");

    const csv = await lead.get(`${projectUrl}/plan.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain("Write the pathway,Marco Member,2026-01-15,In progress,yes");
    const pdf = await lead.get(`${projectUrl}/plan.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toContain("application/pdf");
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.rawPayload.toString("latin1")).toContain("/StructTreeRoot");

    // The district reads the plan but changes nothing.
    const read = await districtMember.get(projectUrl);
    expect(read.statusCode).toBe(200);
    expect(read.body).toContain("only its team changes it");
    expect((await districtMember.get(`${projectUrl}/aim`)).statusCode).toBe(404);
  });

  it("starts a plan from scratch on the team's page", async () => {
    const empty = await lead.postForm(`/improvement/teams/${school.id}/projects`, { title: "" });
    expect(empty.statusCode).toBe(400);
    const made = await lead.postForm(`/improvement/teams/${school.id}/projects`, {
      title: "Family engagement",
    });
    expect(made.statusCode).toBe(303);
    const list = await lead.get(`/improvement/teams/${school.id}`);
    expect(list.body).toContain("Family engagement");
  });

  it("serves the plan in the API, with field messages for bad input", async () => {
    const created = await lead.json("POST", `/api/v1/improvement/teams/${school.id}/projects`, {
      sourceResponseId: report.id,
      domainKey: secondDomain().key,
    });
    expect(created.statusCode).toBe(201);
    const project = created.json();
    expect(project.priorityIndicatorKeys.length).toBeGreaterThan(0);
    expect(project.links.report).toBe(`/measures/responses/${report.id}/report`);
    const patched = await lead.json("PATCH", `/api/v1/improvement/projects/${project.id}`, {
      aimHowMuch: "from 2.1 to 3.5",
      aimByWhen: "2027-06-30",
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().aim).toMatchObject({ howMuch: "from 2.1 to 3.5", byWhen: "2027-06-30" });
    const badDate = await lead.json("PATCH", `/api/v1/improvement/projects/${project.id}`, {
      aimByWhen: "2027-02-31",
    });
    expect(badDate.statusCode).toBe(400);
    const goal = (
      await lead.json("POST", `/api/v1/improvement/projects/${project.id}/goals`, { title: "G" })
    ).json();
    const refused = await lead.json("POST", `/api/v1/improvement/projects/${project.id}/steps`, {
      goalId: goal.id,
      title: "S",
      ownerId: outsiderId,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors).toEqual([
      { pointer: "/ownerId", detail: "The owner must be a member of the team." },
    ]);
    const step = await lead.json("POST", `/api/v1/improvement/projects/${project.id}/steps`, {
      goalId: goal.id,
      title: "S",
      ownerId: memberId,
      dueOn: "2020-02-01",
    });
    expect(step.statusCode).toBe(201);
    expect(step.json().overdue).toBe(true);
    const done = await lead.json("PATCH", `/api/v1/improvement/steps/${step.json().id}`, { status: "done" });
    expect(done.json()).toMatchObject({ status: "done", overdue: false });
    // Another team's assessment cannot seed this team's plan.
    const other = await buildSubmittedAssessment(t.db, leadId, school, previousSchoolYear(year));
    const foreign = await peer.json("POST", `/api/v1/improvement/teams/${peerSchool.id}/projects`, {
      sourceResponseId: other.id,
      domainKey: secondDomain().key,
    });
    expect(foreign.statusCode).toBe(400);
  });

  it("refuses a peer school's member every plan page and API route of the school's plan", async () => {
    const project = (await listProjects(t.db, school.id))[0]!;
    const goal = await addGoal(t.db, leadId, project, "Peer check");
    const step = await addStep(t.db, leadId, project, { goalId: goal.id, title: "Peer step" });
    const ids: Record<string, string> = {
      orgId: school.id,
      projectId: project.id,
      goalId: goal.id,
      stepId: step.id,
      responseId: report.id,
    };
    const routes = (
      t.app as unknown as { declaredRoutes: { method: string; url: string }[] }
    ).declaredRoutes.filter((r) =>
      /^(\/api\/v1)?\/improvement\/(teams|reports|projects|goals|steps)\//.test(r.url),
    );
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const url = route.url.replace(/:([A-Za-z]+)/g, (_m, name: string) => ids[name]!);
      const res = url.startsWith("/api/")
        ? await peer.json(route.method as "GET", url, route.method === "GET" ? undefined : {})
        : route.method === "GET"
          ? await peer.get(url)
          : await peer.postForm(url, {});
      expect([403, 404], `${route.method} ${route.url}`).toContain(res.statusCode);
      expect(res.body).not.toContain(project.title);
      expect(res.body).not.toContain("Peer idea");
    }
  });
});
