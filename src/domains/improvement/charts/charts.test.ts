import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  type TestClient,
} from "../../../../test/support/app";
import { auditLog } from "../../../platform/audit/schema";
import { addMembership, buildDistrictWithSchools, buildUser } from "../../../seed/factories";
import type { Organisation } from "../../directory/service";
import { seedInstruments } from "../../measures/service";
import { startCycle } from "../cycles/service";
import { addNode } from "../diagrams/service";
import { createProject, type Project } from "../plans/service";
import { improvementMeasureValues } from "./schema";

/** Twelve months before the change (about half followed up), twelve after (about four in five). */
const BEFORE = [10, 11, 9, 12, 10, 11, 9, 10, 12, 11, 10, 9];
const AFTER = [16, 17, 15, 18, 16, 17, 18, 16, 17, 15, 18, 17];
const monthOf = (i: number) => {
  const d = new Date(Date.UTC(2024, i, 1));
  return d.toISOString().slice(0, 7);
};

describe.each(DATABASES)("measures and charts on %s", (kind) => {
  let t: TestApp;
  let school: Organisation;
  let peerSchool: Organisation;
  let project: Project;
  let member: TestClient;
  let peer: TestClient;
  let district: TestClient;
  let measureId: string;

  beforeAll(async () => {
    t = await startTestApp(kind);
    await seedInstruments(t.db);
    const built = await buildDistrictWithSchools(t.db, "VT", 2);
    [school, peerSchool] = built.schools as [Organisation, Organisation];
    const [a, b, d] = await Promise.all([buildUser(t.db), buildUser(t.db), buildUser(t.db)]);
    await addMembership(t.db, a!.id, school.id, "member");
    await addMembership(t.db, b!.id, peerSchool.id, "member");
    await addMembership(t.db, d!.id, built.district.id, "member");
    project = await createProject(t.db, a!.id, school.id, { title: "Follow-up plan" });
    member = await signedInClient(t, a!.id);
    peer = await signedInClient(t, b!.id);
    district = await signedInClient(t, d!.id);
  }, 300_000);
  afterAll(() => t?.close());

  it("defines a proportion measure through the API", async () => {
    const res = await member.json("POST", `/api/v1/improvement/projects/${project.id}/measures`, {
      name: "Referrals followed up within a week",
      kind: "process",
      type: "proportion",
      period: "month",
      definition: "Referrals followed up within 7 days / referrals made that month.",
      numeratorLabel: "Followed up within 7 days",
      denominatorLabel: "Referrals",
      goal: 80,
    });
    expect(res.statusCode).toBe(201);
    measureId = res.json().id;
    const audited = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, measureId), eq(auditLog.action, "improvement.measure.create")));
    expect(audited).toHaveLength(1);
  });

  it("refuses a CSV with bad rows whole, naming each row and column, and writes nothing", async () => {
    const csv = "period,numerator,denominator\n2024-01,10,20\n2024-02,x,20\n2024-02,30,20\n2024-13,1,2\n";
    const res = await member.json("POST", `/api/v1/improvement/measures/${measureId}/values/csv`, { csv });
    expect(res.statusCode).toBe(400);
    const pointers = res.json().errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(["/rows/2/numerator", "/rows/3/period", "/rows/3/numerator", "/rows/4/period"]);
    expect(res.json().errors[0].detail).toBe("Row 2, column numerator: not a number");
    expect(await t.db.select().from(improvementMeasureValues)).toHaveLength(0);
  });

  it("refuses the page upload the same way, listing the problems by the form", async () => {
    await member.get(`/improvement/measures/${measureId}`);
    const res = await member.postForm(`/improvement/measures/${measureId}/upload`, {
      csv: "period,numerator,denominator\n2024-01,10,5\n",
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain("Row 1, column numerator: larger than the denominator");
    expect(await t.db.select().from(improvementMeasureValues)).toHaveLength(0);
  });

  it("takes a good CSV: 24 months, all saved and audited", async () => {
    const rows = [...BEFORE, ...AFTER].map((n, i) => `${monthOf(i)},${n},20`);
    const res = await member.json("POST", `/api/v1/improvement/measures/${measureId}/values/csv`, {
      csv: `period,numerator,denominator\n${rows.join("\n")}\n`,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ saved: 24 });
    const audited = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, measureId), eq(auditLog.action, "improvement.measure.value.add")));
    expect(audited).toHaveLength(24);
  });

  it("draws the p chart with 24 points and flags the shift; the run chart on request", async () => {
    const res = await member.json("GET", `/api/v1/improvement/measures/${measureId}`);
    expect(res.statusCode).toBe(200);
    const chart = res.json();
    expect(chart.chart).toBe("p");
    expect(chart.trialLimits).toBe(true);
    expect(chart.points).toHaveLength(24);
    const rules = chart.signals.map((s: { rule: string }) => s.rule);
    expect(rules).toContain("eight-one-side");
    const run = (await member.json("GET", `/api/v1/improvement/measures/${measureId}?chart=run`)).json();
    expect(run.chart).toBe("run");
    expect(run.signals.map((s: { rule: string }) => s.rule)).toContain("shift");
  });

  it("freezes the baseline once; recomputes limits only with a reason, linked to an annotation", async () => {
    const frozen = await member.json("POST", `/api/v1/improvement/measures/${measureId}/baseline`, {
      from: "2024-01",
      to: "2024-12",
    });
    expect(frozen.statusCode).toBe(200);
    expect(frozen.json()).toMatchObject({ baselineFrom: "2024-01-01", baselineTo: "2024-12-01" });
    const again = await member.json("POST", `/api/v1/improvement/measures/${measureId}/baseline`, {
      from: "2024-02",
      to: "2024-12",
    });
    expect(again.statusCode).toBe(400);
    const chart = (await member.json("GET", `/api/v1/improvement/measures/${measureId}`)).json();
    // Baseline p̄ = 124 / 240: every later point is judged against it.
    expect(chart.points[23].centre).toBeCloseTo(124 / 240, 10);
    expect(
      chart.points.filter((p: { signals: string[] }) => p.signals.includes("outside-limits")).length,
    ).toBeGreaterThan(0);

    const noReason = await member.json("POST", `/api/v1/improvement/measures/${measureId}/recomputes`, {
      fromPeriod: "2025-01",
    });
    expect(noReason.statusCode).toBe(400);
    const recomputed = await member.json("POST", `/api/v1/improvement/measures/${measureId}/recomputes`, {
      fromPeriod: "2025-01",
      reason: "The follow-up call log is now how every referral is handled.",
    });
    expect(recomputed.statusCode).toBe(201);
    const body = recomputed.json();
    expect(body.phases).toHaveLength(1);
    expect(body.phases[0].annotationId).not.toBeNull();
    expect(body.annotations.map((a: { text: string }) => a.text)).toContain(
      "The follow-up call log is now how every referral is handled.",
    );
    expect(body.points[12].centre).toBeCloseTo(200 / 240, 10);
  });

  it("refuses an annotation on a day the calendar does not have", async () => {
    const res = await member.json("POST", `/api/v1/improvement/measures/${measureId}/annotations`, {
      onDate: "2025-02-31",
      text: "Not a day",
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].pointer).toMatch(/onDate$/);
    await member.get(`/improvement/measures/${measureId}/limits`);
    const form = await member.postForm(`/improvement/measures/${measureId}/annotations`, {
      onDate: "2025-02-31",
      text: "Not a day",
    });
    expect(form.statusCode).toBe(400);
    expect(form.body).toContain("must be a date that exists, such as 2027-06-30.");
  });

  it("draws the plan's PDSA cycles at their dates and links recomputed limits to one", async () => {
    const actorId = project.createdBy!;
    const driver = await addNode(t.db, actorId, project, { kind: "driver", title: "Timely follow-up" });
    const idea = await addNode(t.db, actorId, project, {
      parentId: driver.id,
      kind: "change",
      title: "Call log",
    });
    const cycle = await startCycle(t.db, actorId, project, idea, {
      title: "Call log, one counselor",
      startsOn: "2025-01-06",
    });
    const page = await member.get(`/improvement/measures/${measureId}`);
    expect(page.body).toContain("C1</text>");
    expect(page.body).toContain("2025-01-06: Call log, one counselor");
    const linked = await member.json("POST", `/api/v1/improvement/measures/${measureId}/recomputes`, {
      fromPeriod: "2025-06",
      reason: "Second counselor joined the call log.",
      cycleId: cycle.id,
    });
    expect(linked.statusCode).toBe(201);
    expect(linked.json().phases.find((p: { cycleId: string | null }) => p.cycleId === cycle.id)).toBeTruthy();
  });

  it("marks a point astronomical (audited) and shows it in the chart", async () => {
    const res = await member.json("POST", `/api/v1/improvement/measures/${measureId}/astronomical`, {
      period: "2024-05",
      note: "The counselor was out all month.",
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().points[4].signals).toContain("astronomical");
    const audited = await t.db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.entityId, measureId), eq(auditLog.action, "improvement.measure.astronomical.mark")),
      );
    expect(audited).toHaveLength(1);
    const missing = await member.json("POST", `/api/v1/improvement/measures/${measureId}/astronomical`, {
      period: "2030-01",
    });
    expect(missing.statusCode).toBe(400);
  });

  it("serves the chart page with the SVG, the table and a CSV; the levels above read it", async () => {
    const page = await member.get(`/improvement/measures/${measureId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('role="img"');
    expect(page.body).toContain(
      "<caption>Referrals followed up within a week: the numbers on the chart</caption>",
    );
    const csv = await district.get(`/improvement/measures/${measureId}/chart.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body.split("\n")[1]).toContain("2024-01-01");
    const es = await member.get(`/improvement/measures/${measureId}`, { "accept-language": "es" });
    expect(es.body).toContain("los números del gráfico");
  });

  it("enters one value by the form and shows it in the table", async () => {
    await member.get(`/improvement/measures/${measureId}`);
    const bad = await member.postForm(`/improvement/measures/${measureId}/values`, {
      period: "2025-13",
      value: "3",
      denominator: "4",
    });
    expect(bad.statusCode).toBe(400);
    const ok = await member.postForm(`/improvement/measures/${measureId}/values`, {
      period: "2024-05",
      value: "7",
      denominator: "21",
    });
    expect(ok.statusCode).toBe(303);
    const page = await member.get(`/improvement/measures/${measureId}?chart=run`);
    expect(page.body).toContain("33.3%");
  });

  it("adds a quality-assessment domain score as an outcome measure", async () => {
    const domains = await member.get(`/improvement/projects/${project.id}/measures`);
    const key = /<option value="([a-z0-9_-]+)"/.exec(domains.body)?.[1];
    expect(key).toBeTruthy();
    const res = await member.json(
      "POST",
      `/api/v1/improvement/projects/${project.id}/measures/domain-score`,
      {
        domainKey: key,
      },
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ source: "assessment", kind: "outcome", type: "mean" });
    const unknown = await member.json(
      "POST",
      `/api/v1/improvement/projects/${project.id}/measures/domain-score`,
      {
        domainKey: "no-such-domain",
      },
    );
    expect(unknown.statusCode).toBe(400);
  });

  it("refuses a peer school every page and API route of the measure (404), and lets the district read only", async () => {
    const base = `/improvement/measures/${measureId}`;
    for (const url of [
      base,
      `${base}/chart.csv`,
      `${base}/limits`,
      `${base}/edit`,
      `/improvement/projects/${project.id}/measures`,
    ]) {
      expect((await peer.get(url)).statusCode, url).toBe(404);
    }
    expect((await peer.json("GET", `/api/v1${base}`)).statusCode).toBe(404);
    await peer.get("/");
    expect(
      (await peer.postForm(`${base}/values`, { period: "2024-06", value: "1", denominator: "2" })).statusCode,
    ).toBe(404);
    expect(
      (
        await peer.json("POST", `/api/v1${base}/values`, {
          rows: [{ period: "2024-06", value: 1, denominator: 2 }],
        })
      ).statusCode,
    ).toBe(404);
    expect((await district.get(base)).statusCode).toBe(200);
    expect(
      (
        await district.json("POST", `/api/v1${base}/values`, {
          rows: [{ period: "2024-06", value: 1, denominator: 2 }],
        })
      ).statusCode,
    ).toBe(404);
  });
});
