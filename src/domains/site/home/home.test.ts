import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, type TestApp, startTestApp } from "../../../../test/support/app";
import { buildWorld, settle, type World } from "../../../../test/support/world";
import { notifications } from "../../communities/discussions/schema";
import { communityJoinRequests } from "../../communities/schema";
import { joinRequests } from "../../teams/schema";
import { buildUser } from "../../../seed/factories";
import { eq } from "drizzle-orm";
import { getResponse, saveSection } from "../../measures/service";

/** The text of the header's counts: the notifications link's count and the requests link. */
function headerCounts(html: string) {
  const header = html.slice(html.indexOf('<div class="smh-utility">'), html.indexOf("</header>"));
  const unread = header.match(/<span class="smh-count" aria-hidden="true">(\d+\+?)<\/span>/)?.[1] ?? null;
  const requests = header.match(/Requests to join: (\d+)/)?.[1] ?? null;
  return { unread, requests };
}

const section = (html: string, id: string) => {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) return "";
  const end = html.indexOf("</section>", start);
  return html.slice(start, end);
};

describe.each(DATABASES)("the home page on %s", (kind) => {
  let t: TestApp;
  let world: World;
  beforeAll(async () => {
    t = await startTestApp(kind);
    world = await buildWorld(t);
  }, 120_000);
  afterAll(() => t?.close());

  it("shows signed-out visitors what exists as links", async () => {
    const page = (await world.clients.anonymous.get("/")).body;
    expect(page).toContain('<a href="/measures">Measure</a>');
    expect(page).toContain('<a href="/communities">Connect</a>');
    expect(page).toContain('<a href="/improvement">Improve</a>');
    expect(page).toContain('<a href="/events">Learn and meet</a>');
    expect(page).not.toContain('<span class="usa-tag">Coming</span>');
    expect(page).toContain('href="/register"');
    const es = (await world.clients.anonymous.get("/", { "accept-language": "es" })).body;
    expect(es).toContain('<a href="/events">Aprender y reunirse</a>');
  });

  it("opens the improvement work from /improvement: what it is signed out, each team's plans signed in", async () => {
    const out = (await world.clients.anonymous.get("/improvement")).body;
    expect(out).toContain("<h1>Improve</h1>");
    expect(out).toContain("/sign-in?next=%2Fimprovement");
    expect(out).not.toContain("/improvement/teams/");
    const lead = (await world.clients.leadA.get("/improvement")).body;
    expect(lead).toContain(`/improvement/teams/${world.schoolA.id}`);
    expect(lead).toContain('href="/networks"');
    expect(lead).toContain('href="/assistance"');
    expect(lead).not.toContain(`/improvement/teams/${world.schoolB.id}`);
    expect(lead).toContain('href="/improvement"');
    const es = (await world.clients.leadA.get("/improvement", { "accept-language": "es" })).body;
    expect(es).toContain("Planes de sus equipos");
  });

  it("shows a school member their team and this year's profile and assessment with progress", async () => {
    const page = (await world.clients.memberA.get("/")).body;
    expect(page).toContain(`Welcome, ${world.users.memberA.name}`);
    const due = section(page, "due-heading");
    expect(due).toContain(world.schoolA.name);
    expect(due).toContain(`/measures/responses/${world.profileResponse.id}`);
    expect(due).toContain(`/measures/responses/${world.qualityResponse.id}`);
    // Both are drafts with nothing answered yet.
    const progress = (html: string) =>
      [...section(html, "due-heading").matchAll(/(\d+) of (\d+) answered/g)].map((m) => Number(m[1]));
    expect(progress(page)).toEqual([0, 0]);
    // An answer saved (as the autosave does) shows on the member's next home page.
    const quality = (await getResponse(t.db, world.qualityResponse.id))!;
    const firstSection = quality.instrument.sections[0]!;
    await saveSection(t.db, {
      actorId: world.users.leadA.id,
      responseId: quality.id,
      sectionKey: firstSection.key,
      baseVersion: quality.sections[firstSection.key]?.version ?? 0,
      answers: { [firstSection.items[0]!.key]: 4 },
      source: "json",
    });
    await settle(t);
    expect(progress((await world.clients.memberA.get("/")).body)).toEqual([0, 1]);
    expect(section(page, "teams-heading")).toContain(`/organisations/${world.schoolA.id}/team`);
    // A member leads nothing: no requests section, no count.
    expect(page).not.toContain('id="join-requests"');
    expect(headerCounts(page).requests).toBeNull();
    // A member of a school does not see a peer school's work.
    expect(page).not.toContain(world.schoolB.name);
  });

  it("shows a state team member no work due, and their team", async () => {
    const page = (await world.clients.stateMember.get("/")).body;
    expect(section(page, "due-heading")).toContain("Nothing is due from you");
    expect(section(page, "teams-heading")).toContain(world.state.name);
  });

  it("lists the requests waiting for a lead and counts them in every page's header", async () => {
    const lead = world.clients.leadA;
    const home = (await lead.get("/")).body;
    expect(section(home, "join-requests")).toContain(
      `${world.users.plain.name} asks to join ${world.schoolA.name}`,
    );
    expect(headerCounts(home).requests).toBe("1");
    expect(headerCounts((await lead.get("/communities")).body).requests).toBe("1");

    // A new request: the lead's next pages (already cached) count it at once.
    const asker = await buildUser(t.db, { name: "Home asker" });
    const [request] = await t.db
      .insert(joinRequests)
      .values({ userId: asker.id, organisationId: world.schoolA.id })
      .returning();
    await settle(t);
    expect(headerCounts((await lead.get("/communities")).body).requests).toBe("2");
    expect(section((await lead.get("/")).body, "join-requests")).toContain("Home asker asks to join");
    // Nobody else sees the lead's count.
    expect(headerCounts((await world.clients.memberA.get("/communities")).body).requests).toBeNull();

    await t.db.update(joinRequests).set({ status: "withdrawn" }).where(eq(joinRequests.id, request!.id));
    await settle(t);
    expect(headerCounts((await lead.get("/communities")).body).requests).toBe("1");
    expect((await lead.get("/")).body).not.toContain("Home asker asks to join");
  });

  it("lists requests to join a community its lead leads, and counts them with the teams' requests", async () => {
    const lead = world.clients.privateLead;
    const requests = section((await lead.get("/")).body, "join-requests");
    expect(requests).toContain(`${world.users.privateNonMember.name} asks to join the community`);
    expect(requests).toContain(`/communities/${world.privateCommunity.slug}/requests`);
    expect(headerCounts((await lead.get("/communities")).body).requests).toBe("1");

    const asker = await buildUser(t.db, { name: "Community asker" });
    const [request] = await t.db
      .insert(communityJoinRequests)
      .values({ userId: asker.id, communityId: world.privateCommunity.id })
      .returning();
    await settle(t);
    expect(headerCounts((await lead.get("/communities")).body).requests).toBe("2");
    expect(section((await lead.get("/")).body, "join-requests")).toContain("Community asker asks to join");
    // A member of the community who does not lead it sees no count.
    expect(headerCounts((await world.clients.privateMember.get("/communities")).body).requests).toBeNull();

    await t.db
      .update(communityJoinRequests)
      .set({ status: "declined", decidedAt: new Date() })
      .where(eq(communityJoinRequests.id, request!.id));
    await settle(t);
    expect(headerCounts((await lead.get("/communities")).body).requests).toBe("1");
    expect((await lead.get("/")).body).not.toContain("Community asker asks to join");
  });

  it("counts unread notifications in the header and follows a new one and a read at once", async () => {
    const member = world.clients.privateMember;
    const before = headerCounts((await member.get("/communities")).body).unread;
    expect(before).toBe("1");
    expect(section((await member.get("/")).body, "notifications-heading")).toContain("1 unread");

    const [extra] = await t.db
      .insert(notifications)
      .values({
        userId: world.users.privateMember.id,
        kind: "reply",
        communityId: world.privateCommunity.id,
        topicId: world.privateCommunity.topicId,
        postId: world.privateCommunity.postId,
        summary: "Home test notice",
        link: `/communities/${world.privateCommunity.slug}/topics/${world.privateCommunity.topicId}`,
      })
      .returning();
    await settle(t);
    expect(headerCounts((await member.get("/communities")).body).unread).toBe("2");
    const home = (await member.get("/")).body;
    expect(section(home, "notifications-heading")).toContain("Home test notice");
    expect(headerCounts(home).unread).toBe("2");
    // Another person's header shows none of it.
    expect(headerCounts((await world.clients.privateLead.get("/communities")).body).unread).toBeNull();

    await t.db.update(notifications).set({ readAt: new Date() }).where(eq(notifications.id, extra!.id));
    await settle(t);
    expect(headerCounts((await member.get("/communities")).body).unread).toBe("1");
    // An email sent about it changes no count, and keeps the cached page.
    await t.db.update(notifications).set({ emailedAt: new Date() }).where(eq(notifications.id, extra!.id));
    await settle(t);
    expect(headerCounts((await member.get("/communities")).body).unread).toBe("1");
  });

  it("shows a member their communities, their latest topics and next meetings", async () => {
    const page = (await world.clients.privateMember.get("/")).body;
    const communities = section(page, "communities-heading");
    expect(communities).toContain(`/communities/${world.privateCommunity.slug}`);
    expect(communities).toContain(`/communities/${world.publicCommunity.slug}`);
    expect(section(page, "topics-heading")).toContain(`/topics/${world.privateCommunity.topicId}`);
    expect(section(page, "meetings-heading")).toContain(
      `/communities/${world.privateCommunity.slug}/meetings/`,
    );
    // Someone outside the private community sees none of its topics or meetings.
    const outsider = (await world.clients.privateNonMember.get("/")).body;
    expect(outsider).not.toContain(world.privateCommunity.slug);
  });

  it("is in Spanish for a Spanish reader", async () => {
    const page = (await world.clients.leadA.get("/", { "accept-language": "es" })).body;
    expect(page).toContain("Solicitudes para unirse a sus equipos");
    expect(page).toContain("Solicitudes para unirse: 1");
    expect(page).toContain("Pendiente este año escolar");
  });
});
