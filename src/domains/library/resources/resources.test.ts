import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  TestClient,
} from "../../../../test/support/app";
import { listAudit } from "../../../platform/audit";
import { getNation } from "../../directory/service";
import { buildCommunity, trustedMember } from "../../communities/test-factories";
import { addMembership, buildUser } from "../../../seed/factories";
import { resourceBySlug } from "./repo";
import { publishDueResources } from "./service";

/*
 * The library's resources through their pages and API, as the people who use them: national
 * editors (the nation team's leads) write and review on the national shelf, a community's lead on
 * its shelf; visitors browse and search in English and Spanish.
 */

const form = (fields: Record<string, string | string[]>) => fields;

/** Not shown: 404 signed in; signed out, sent to sign in (what it is is not said either way). */
function refused(res: { statusCode: number; headers: Record<string, unknown>; body: string }) {
  const toSignIn = res.statusCode === 303 && String(res.headers.location).startsWith("/sign-in");
  return res.statusCode === 404 || toSignIn;
}

describe.each(DATABASES)("library resources on %s", (kind) => {
  let t: TestApp;
  let author: TestClient;
  let reviewer: TestClient;
  let visitor: TestClient;
  let authorId: string;
  let community: Awaited<ReturnType<typeof buildCommunity>>;
  let groupLead: TestClient;
  let groupMember: TestClient;
  let outsider: TestClient;

  beforeAll(async () => {
    t = await startTestApp(kind);
    const nation = (await getNation(t.db))!;
    const ana = await buildUser(t.db, { name: "Ana Author" });
    const rui = await buildUser(t.db, { name: "Rui Reviewer" });
    await addMembership(t.db, ana.id, nation.id, "lead");
    await addMembership(t.db, rui.id, nation.id, "lead");
    authorId = ana.id;
    author = await signedInClient(t, ana.id);
    reviewer = await signedInClient(t, rui.id);
    visitor = new TestClient(t.app);
    community = await buildCommunity(t.db, { visibility: "public" });
    const lead = await trustedMember(t.db, community.id, { role: "lead" });
    const member = await trustedMember(t.db, community.id);
    groupLead = await signedInClient(t, lead.id);
    groupMember = await signedInClient(t, member.id);
    outsider = await signedInClient(t, (await buildUser(t.db)).id);
  }, 120_000);
  afterAll(() => t?.close());

  async function draft(client: TestClient, shelf: string, fields: Record<string, string | string[]>) {
    await client.get(`/library/shelves/${shelf}/new`);
    const res = await client.postForm(`/library/shelves/${shelf}/new`, fields);
    expect(res.statusCode, res.body.slice(0, 400)).toBe(303);
    return String(res.headers.location).replace("/library/", "");
  }

  it("takes a resource from draft through review to published, a new version and the archive", async () => {
    const slug = await draft(
      author,
      "national",
      form({
        title: "Universal screening roll-out planner",
        type: "tool",
        language: "en",
        summary: "A step-by-step **planner** for rolling out universal mental health screening.",
        authors: "Ana Author\nBea Second",
        organisations: "National Center",
        licence: "CC BY 4.0",
        domainKeys: ["screening", "teaming"],
        tiers: ["1"],
        audiences: ["educator", "school_administrator"],
        year: "2026",
      }),
    );
    expect(slug).toBe("universal-screening-roll-out-planner");
    // A draft is the editors' alone.
    expect(refused(await visitor.get(`/library/${slug}`))).toBe(true);
    expect(refused(await outsider.get(`/library/${slug}`))).toBe(true);
    expect((await visitor.get("/library?q=planner")).body).not.toContain("roll-out planner");

    await author.get(`/library/${slug}`);
    expect((await author.postForm(`/library/${slug}/submit`, {})).statusCode).toBe(303);
    // The author may not approve their own work, by page or API.
    const own = await author.postForm(`/library/${slug}/review`, { decision: "approve" });
    expect(own.statusCode).toBe(409);
    expect(own.body).toContain("A second editor must review it");
    const ownApi = await author.json(
      "POST",
      `/api/v1/library/resources/${slug}/reviews`,
      { decision: "approve" },
      { "x-csrf-token": author.csrfToken },
    );
    expect(ownApi.statusCode).toBe(400);
    expect((await resourceBySlug(t.db, slug))!.status).toBe("in_review");

    // A second editor returns it with a comment; the author edits and sends it again.
    await reviewer.get(`/library/${slug}`);
    const returned = await reviewer.postForm(`/library/${slug}/review`, {
      decision: "return",
      comment: "Add the consent step.",
    });
    expect(returned.statusCode).toBe(303);
    expect((await resourceBySlug(t.db, slug))!.status).toBe("draft");
    await author.get(`/library/${slug}/edit`);
    const edited = await author.postForm(`/library/${slug}/edit`, {
      title: "Universal screening roll-out planner",
      type: "tool",
      language: "en",
      summary: "A step-by-step planner for universal screening, with the consent step.",
      year: "2026",
      domainKeys: ["screening"],
    });
    expect(edited.statusCode).toBe(303);
    await author.get(`/library/${slug}`);
    await author.postForm(`/library/${slug}/submit`, {});
    await reviewer.get(`/library/${slug}`);
    expect((await reviewer.postForm(`/library/${slug}/review`, { decision: "approve" })).statusCode).toBe(
      303,
    );

    const published = await visitor.get(`/library/${slug}`);
    expect(published.statusCode).toBe(200);
    expect(published.body).toContain("with the consent step");
    expect(published.body).toContain("version 1");
    expect((await visitor.get("/library?q=planner")).body).toContain("Universal screening roll-out planner");

    // A new version keeps the first reachable, with what changed.
    await author.get(`/library/${slug}/new-version`);
    const v2 = await author.postForm(`/library/${slug}/new-version`, {
      changeNote: "Added a timeline for the first semester.",
      title: "Universal screening roll-out planner",
      summary: "The planner, now with a first-semester timeline.",
      year: "2027",
    });
    expect(v2.statusCode).toBe(303);
    const current = await visitor.get(`/library/${slug}`);
    expect(current.body).toContain("first-semester timeline");
    expect(current.body).toContain("Added a timeline for the first semester.");
    const old = await visitor.get(`/library/${slug}/versions/1`);
    expect(old.statusCode).toBe(200);
    expect(old.body).toContain("with the consent step");
    expect((await visitor.get(`/library/${slug}/versions/3`)).statusCode).toBe(404);
    const api = await visitor.json("GET", `/api/v1/library/resources/${slug}/versions`);
    expect(JSON.parse(api.body).items.map((v: { number: number }) => v.number)).toEqual([2, 1]);

    // Archived: still at its address, marked, out of browse and search.
    await author.get(`/library/${slug}`);
    expect((await author.postForm(`/library/${slug}/archive`, {})).statusCode).toBe(303);
    const archived = await visitor.get(`/library/${slug}`);
    expect(archived.statusCode).toBe(200);
    expect(archived.body).toContain("archived");
    expect((await visitor.get("/library?q=planner")).body).not.toContain(
      "Universal screening roll-out planner",
    );

    const actions = (
      await listAudit(t.db, { entityId: (await resourceBySlug(t.db, slug))!.id }, { page: 1, perPage: 100 })
    ).items.map((a) => a.action);
    for (const action of [
      "library.resource.create",
      "library.resource.submit",
      "library.resource.return",
      "library.resource.edit",
      "library.resource.publish",
      "library.resource.version",
      "library.resource.archive",
    ])
      expect(actions).toContain(action);
    void authorId;
  });

  it("publishes a scheduled resource when its day comes", async () => {
    const slug = await draft(
      author,
      "national",
      form({
        title: "Family night toolkit",
        type: "toolkit",
        language: "en",
        summary: "Plan a family night.",
        year: "2026",
      }),
    );
    await author.get(`/library/${slug}`);
    await author.postForm(`/library/${slug}/submit`, {});
    await reviewer.get(`/library/${slug}`);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect(
      (await reviewer.postForm(`/library/${slug}/review`, { decision: "approve", publishOn: tomorrow }))
        .statusCode,
    ).toBe(303);
    expect(refused(await visitor.get(`/library/${slug}`))).toBe(true);
    // The day comes.
    await t.db.execute(
      `update library_resources set publish_at = now() - interval '1 minute' where slug = '${slug}'` as never,
    );
    expect(await publishDueResources(t.db, true)).toBe(1);
    expect((await visitor.get(`/library/${slug}`)).statusCode).toBe(200);
  });

  it("searches in English and Spanish with facets and filters as GET parameters", async () => {
    const make = async (fields: Record<string, string | string[]>) => {
      const slug = await draft(author, "national", fields);
      await author.get(`/library/${slug}`);
      await author.postForm(`/library/${slug}/submit`, {});
      await reviewer.get(`/library/${slug}`);
      await reviewer.postForm(`/library/${slug}/review`, { decision: "approve" });
      return slug;
    };
    const en = await make({
      title: "Teacher wellness brief",
      type: "issue_brief",
      language: "en",
      summary: "Why teacher wellness matters for students.",
      domainKeys: ["promotion"],
      tiers: ["1"],
      year: "2025",
      stateCode: "MD",
    });
    await make({
      title: "Guía de bienestar docente",
      type: "guide",
      language: "es",
      summary: "Cómo cuidar el bienestar de los maestros y las maestras.",
      domainKeys: ["promotion"],
      tiers: ["1", "2"],
      year: "2026",
      translationOf: en,
    });
    const spanish = await visitor.get("/library?q=bienestar");
    expect(spanish.body).toContain("Guía de bienestar docente");
    const stems = await visitor.get("/library?q=maestros");
    expect(stems.body).toContain("Guía de bienestar docente");
    const filtered = await visitor.get("/library?domain=promotion&type=guide");
    expect(filtered.body).toContain("Guía de bienestar docente");
    expect(filtered.body).not.toContain("Teacher wellness brief");
    const api = JSON.parse((await visitor.json("GET", "/api/v1/library/resources?domain=promotion")).body);
    expect(api.total).toBe(2);
    expect(api.facets.language).toEqual([
      { value: "en", count: 1 },
      { value: "es", count: 1 },
    ]);
    expect(api.facets.tier).toEqual([
      { value: "1", count: 2 },
      { value: "2", count: 1 },
    ]);
    expect(api.facets.state).toEqual([{ value: "MD", count: 1 }]);
    // The two language versions link each other.
    expect((await visitor.get(`/library/${en}`)).body).toContain("Guía de bienestar docente");
    // Bad input: the page answers 400 with the form, the API a problem; never a 500.
    expect((await visitor.get("/library?tier=7")).statusCode).toBe(400);
    expect((await visitor.get("/library?page=0")).statusCode).toBe(400);
    expect((await visitor.json("GET", "/api/v1/library/resources?type=novel")).statusCode).toBe(400);
    expect((await visitor.get(`/library?q=${encodeURIComponent('"unclosed & | !')}`)).statusCode).toBe(200);
  });

  it("shows a members-only resource to the community's members only: pages, search, API", async () => {
    const slug = await draft(
      groupLead,
      community.slug,
      form({
        title: "Coalition budget worksheet",
        type: "tool",
        language: "en",
        summary: "Members-only budget worksheet.",
        year: "2026",
        communityOnly: "true",
      }),
    );
    await groupLead.get(`/library/${slug}`);
    await groupLead.postForm(`/library/${slug}/submit`, {});
    // A second editor of that shelf: an admin.
    const admin = await signedInClient(t, (await buildUser(t.db, { systemRole: "admin" })).id);
    await admin.get(`/library/${slug}`);
    expect((await admin.postForm(`/library/${slug}/review`, { decision: "approve" })).statusCode).toBe(303);

    for (const client of [groupMember, groupLead]) {
      expect((await client.get(`/library/${slug}`)).statusCode).toBe(200);
      expect((await client.get("/library?q=worksheet")).body).toContain("Coalition budget worksheet");
      expect(JSON.parse((await client.json("GET", "/api/v1/library/resources?q=worksheet")).body).total).toBe(
        1,
      );
    }
    for (const client of [visitor, outsider, author]) {
      expect(refused(await client.get(`/library/${slug}`))).toBe(true);
      expect(refused(await client.get(`/library/${slug}/versions/1`))).toBe(true);
      const page = await client.get(`/library?q=worksheet&group=${community.slug}`);
      expect(page.body).not.toContain("Coalition budget worksheet");
      const api = JSON.parse((await client.json("GET", "/api/v1/library/resources?q=worksheet")).body);
      expect(api.total).toBe(0);
      expect(api.facets.group).toEqual([]);
      expect([401, 404]).toContain(
        (await client.json("GET", `/api/v1/library/resources/${slug}`)).statusCode,
      );
    }
    // A member who is not a lead does not edit the shelf.
    expect((await groupMember.get(`/library/shelves/${community.slug}/new`)).statusCode).toBe(404);
  });
});
