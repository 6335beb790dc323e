import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  type TestClient,
} from "../../../../test/support/app";
import { addMembership, buildDistrictWithSchools, buildUser } from "../../../seed/factories";
import { seedInstruments } from "../instruments/service";
import { responses } from "../schema";
import { submissionSummary } from "./submission";

describe("what the confirmation before a submission counts", () => {
  const instrument = {
    kind: "assessment" as const,
    sections: [
      {
        key: "a",
        title: { en: "A", es: "A" },
        scored: true,
        items: [
          { key: "a1", type: "rating" as const, prompt: { en: "", es: "" } },
          { key: "a2", type: "rating" as const, prompt: { en: "", es: "" } },
          { key: "a3", type: "text" as const, prompt: { en: "", es: "" } },
        ],
      },
      {
        key: "b",
        title: { en: "B", es: "B" },
        scored: true,
        items: [{ key: "b1", type: "rating" as const, prompt: { en: "", es: "" } }],
      },
    ],
  };

  it("counts answers and ratings per domain; 'don't know' is an answer but not a rating", () => {
    const summary = submissionSummary(instrument, { a1: 5, a2: "dk", a3: "notes", b1: null });
    expect(summary.sections.map((s) => [s.key, s.answered, s.total, s.rated, s.ratingItems])).toEqual([
      ["a", 3, 3, 1, 2],
      ["b", 0, 1, 0, 1],
    ]);
    expect([summary.answered, summary.total, summary.rated, summary.submittable]).toEqual([3, 4, 1, true]);
  });

  it("refuses an assessment with nothing rated, not a profile", () => {
    expect(submissionSummary(instrument, { a2: "na", a3: "x" }).submittable).toBe(false);
    expect(submissionSummary({ ...instrument, kind: "profile" }, {}).submittable).toBe(true);
  });
});

describe.each(DATABASES)("submitting asks for confirmation on %s", (kind) => {
  let t: TestApp;
  let member: TestClient;
  let schoolId: string;
  beforeAll(async () => {
    t = await startTestApp(kind);
    await seedInstruments(t.db);
    const { schools } = await buildDistrictWithSchools(t.db, "VT", 1);
    schoolId = schools[0]!.id;
    const user = await buildUser(t.db);
    await addMembership(t.db, user.id, schoolId);
    member = await signedInClient(t, user.id);
  });
  afterAll(() => t?.close());

  async function startAssessment(schoolYear: string) {
    await member.get(`/measures/orgs/${schoolId}`);
    const started = await member.postForm(`/measures/orgs/${schoolId}/start`, {
      instrument: "quality",
      schoolYear,
    });
    return String(started.headers.location).split("/").at(-1)!;
  }
  const statusOf = async (id: string) =>
    (await t.db.select({ status: responses.status }).from(responses).where(eq(responses.id, id)))[0]?.status;

  it("states what is answered and rated per domain, then submits from its button", async () => {
    const id = await startAssessment("2024-25");
    await member.get(`/measures/responses/${id}/sections/teaming`);
    await member.postForm(`/measures/responses/${id}/sections/teaming`, {
      _version: "0",
      "teaming.meets": "4",
    });
    const overview = (await member.get(`/measures/responses/${id}`)).body;
    expect(overview).toContain(`href="/measures/responses/${id}/submit"`);
    const page = await member.get(`/measures/responses/${id}/submit`);
    expect(page.statusCode).toBe(200);
    // Teaming: 1 of its 8 answered and rated; Screening: none. Seven domains in all.
    expect(page.body).toMatch(
      /Teaming<\/a><\/th><td data-label="Answered">1 of 8<\/td><td data-label="Rated 1–6">1 of 8</,
    );
    expect(page.body.match(/<tr>/g)).toHaveLength(8);
    expect(page.body).toContain("indicators rated.");
    expect(page.body).toContain(`action="/measures/responses/${id}/submit"`);
    expect(await statusOf(id)).toBe("draft");
    const submitted = await member.postForm(`/measures/responses/${id}/submit`, {});
    expect(submitted.statusCode).toBe(303);
    expect(await statusOf(id)).toBe("submitted");
    // A submitted time point has nothing left to confirm.
    expect((await member.get(`/measures/responses/${id}/submit`)).statusCode).toBe(303);
  });

  it("cannot submit an assessment with no rated indicator, from the page or the API", async () => {
    const id = await startAssessment("2023-24");
    await member.get(`/measures/responses/${id}/sections/teaming`);
    await member.postForm(`/measures/responses/${id}/sections/teaming`, {
      _version: "0",
      "teaming.meets": "dk",
    });
    const page = await member.get(`/measures/responses/${id}/submit`);
    expect(page.body).toContain("Rate at least one indicator before submitting the assessment.");
    expect(page.body).not.toContain(`action="/measures/responses/${id}/submit"`);
    const posted = await member.postForm(`/measures/responses/${id}/submit`, {});
    expect(posted.statusCode).toBe(400);
    expect(posted.body).toContain("Rate at least one indicator");
    const api = await member.json("POST", `/api/v1/responses/${id}/submission`);
    expect(api.statusCode).toBe(400);
    expect(await statusOf(id)).toBe("draft");
    const es = await member.get(`/measures/responses/${id}/submit`, { "accept-language": "es" });
    expect(es.body).toContain("Califique al menos un indicador");
  });
});
