import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OrganisationInput } from "../src/domains/directory/contracts";
import { getResponse, previousSchoolYear, schoolYearOf } from "../src/domains/measures/service";
import { memberships } from "../src/domains/teams/schema";
import { STAKEHOLDER_ROLES } from "../src/platform/auth/schema";
import { DATABASES } from "./support/app";
import type { Role, World } from "./support/world";
import { type CoherenceNet, coherenceNet } from "./page-cache-net";

/*
 * Measures: answers autosaved and saved, responses submitted and started, a member removed, a
 * school renamed. School A's member and lead read its responses and report; the district and
 * state teams their dashboards (and A's pages below them); the national admin the national one.
 */
const MEASURES_READERS: Role[] = ["memberA", "leadA", "districtMember", "stateMember", "admin"];

/**
 * Pages the route parameters do not name: the draft assessment's (and its report once
 * submitted), the district's and school B's own, and last school year's, where the world's
 * submitted assessment is counted.
 */
function measuresPagesBesides(world: World): string[] {
  const quality = world.qualityResponse;
  const lastYear = `?year=${previousSchoolYear(schoolYearOf(new Date()))}`;
  return [
    `/measures/responses/${quality.id}`,
    `/measures/responses/${quality.id}/sections/${quality.sectionKey}`,
    `/measures/responses/${quality.id}/report`,
    `/measures/orgs/${world.district.id}`,
    `/measures/orgs/${world.schoolB.id}`,
    `/measures/orgs/${world.schoolA.id}${lastYear}`,
    `/measures/dashboards/district/${world.district.id}${lastYear}`,
    `/measures/dashboards/state/${world.state.id}${lastYear}`,
    `/measures/dashboards/national${lastYear}`,
  ];
}

describe.each(DATABASES)("cached measures pages after measures writes on %s", (kind) => {
  let net: CoherenceNet;
  beforeAll(async () => {
    net = await coherenceNet(kind, { roles: MEASURES_READERS, alsoRead: measuresPagesBesides });
  }, 300_000);
  afterAll(() => net?.t.close());

  it("reads every measures page route through the page cache", () => {
    const { world } = net;
    const routes = [
      "/measures",
      "/measures/orgs/:id",
      "/measures/responses/:id",
      "/measures/responses/:id/sections/:sectionKey",
      "/measures/responses/:id/report",
      "/measures/dashboards/district/:id",
      "/measures/dashboards/state/:id",
      "/measures/dashboards/national",
    ];
    for (const route of routes) expect(net.t.app.cachedPageRoutes.has(route), route).toBe(true);
    const read = new Set(net.pages.map((p) => p.url));
    for (const url of [
      "/measures",
      `/measures/orgs/${world.schoolA.id}`,
      `/measures/responses/${world.profileResponse.id}/sections/${world.profileResponse.sectionKey}`,
      `/measures/responses/${world.submittedAssessmentId}/report`,
      `/measures/dashboards/district/${world.district.id}`,
      `/measures/dashboards/state/${world.state.id}`,
      "/measures/dashboards/national",
    ])
      expect(read.has(url), url).toBe(true);
  });

  it("shows every write on every cached page at once", async () => {
    const { t, world, write, compareAll } = net;
    const c = world.clients;
    const profile = world.profileResponse;
    const sectionUrl = `/measures/responses/${profile.id}/sections/${profile.sectionKey}`;
    const response = (await getResponse(t.db, profile.id))!;
    const item = response.instrument.sections
      .find((s) => s.key === profile.sectionKey)!
      .items.find((i) => i.type === "fte" || i.type === "count")!;
    const versionOf = async () =>
      (await getResponse(t.db, profile.id))!.sections[profile.sectionKey]?.version ?? 0;

    // The autosave script's request: the section through the JSON API, with its version.
    const autosave = async () => {
      const saved = await c.memberA.json(
        "PUT",
        `/api/v1/responses/${profile.id}/sections/${profile.sectionKey}`,
        {
          version: await versionOf(),
          answers: { [item.key]: 3 },
        },
      );
      expect(saved.statusCode, saved.body).toBe(200);
      await t.runJobs();
    };
    const memberAMembership = async () => {
      const [row] = await t.db
        .select({ id: memberships.id })
        .from(memberships)
        .where(
          and(
            eq(memberships.userId, world.users.memberA.id),
            eq(memberships.organisationId, world.schoolA.id),
          ),
        );
      return row!.id;
    };
    // The edit form as it comes filled in, with a new name.
    const renamed = () =>
      Object.fromEntries(
        Object.keys(OrganisationInput.properties)
          .map((key) => [key, (world.schoolA as unknown as Record<string, unknown>)[key]] as const)
          .filter(
            (e): e is readonly [string, string | number | boolean] => e[1] !== null && e[1] !== undefined,
          )
          .map(([key, value]) => [key, key === "name" ? "Renamed school A" : String(value)]),
      );

    const writes: [string, () => Promise<void>][] = [
      ["an autosave", autosave],
      // The response's pages name who last saved each section.
      [
        "a new name of who last saved",
        () =>
          write(c.memberA, "/account/profile", {
            name: "Renamed autosaver",
            stateCode: "MD",
            stakeholderRole: STAKEHOLDER_ROLES[1],
            locale: "en",
          }),
      ],
      [
        "a section saved through the form",
        async () => write(c.leadA, sectionUrl, { _version: String(await versionOf()), [item.key]: "2" }),
      ],
      ["a submitted profile", () => write(c.leadA, `/measures/responses/${profile.id}/submit`, {})],
      [
        "a submitted assessment",
        async () => {
          // An assessment with nothing rated cannot be submitted: one indicator rated first.
          const quality = (await getResponse(t.db, world.qualityResponse.id))!;
          const section = quality.instrument.sections.find((s) => s.scored)!;
          const rating = section.items.find((i) => i.type === "rating")!;
          const saved = await c.leadA.json(
            "PUT",
            `/api/v1/responses/${world.qualityResponse.id}/sections/${section.key}`,
            { version: quality.sections[section.key]?.version ?? 0, answers: { [rating.key]: 4 } },
          );
          expect(saved.statusCode, saved.body).toBe(200);
          await write(c.leadA, `/measures/responses/${world.qualityResponse.id}/submit`, {});
        },
      ],
      [
        "a response started",
        () =>
          write(c.leadA, `/measures/orgs/${world.schoolA.id}/start`, {
            instrument: "quality",
            schoolYear: schoolYearOf(new Date()),
          }),
      ],
      [
        "a district's response started",
        () =>
          write(c.districtMember, `/measures/orgs/${world.district.id}/start`, {
            instrument: "profile",
            schoolYear: schoolYearOf(new Date()),
          }),
      ],
      [
        "a member made lead",
        async () =>
          write(c.leadA, `/organisations/${world.schoolA.id}/members/${await memberAMembership()}/role`, {
            role: "lead",
          }),
      ],
      [
        "a member removed from the team",
        async () =>
          write(
            c.leadA,
            `/organisations/${world.schoolA.id}/members/${await memberAMembership()}/remove`,
            {},
          ),
      ],
      ["a school renamed", () => write(c.admin, `/admin/organisations/${world.schoolA.id}`, renamed())],
    ];
    await compareAll("nothing");
    for (const [what, perform] of writes) {
      await perform();
      await compareAll(what);
    }
    // The writes took: the removed member reads school A no more, the assessment has its
    // report, the renamed school shows on the dashboard.
    expect((await c.memberA.get(`/measures/orgs/${world.schoolA.id}`)).statusCode).toBe(404);
    const report = await c.leadA.get(`/measures/responses/${world.qualityResponse.id}/report`);
    expect(report.statusCode).toBe(200);
    expect((await c.districtMember.get(`/measures/dashboards/district/${world.district.id}`)).body).toContain(
      "Renamed school A",
    );
  }, 300_000);
});
