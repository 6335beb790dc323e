import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  TestClient,
} from "../../../../test/support/app";
import { auditLog } from "../../../platform/audit/schema";
import { issueFeedToken, revokeFeedToken } from "../../../platform/auth/feed-tokens";
import { signValue } from "../../../platform/auth/tokens";
import type { Actor } from "../../../platform/policy";
import { buildUser } from "../../../seed/factories";
import { loadActor } from "../../teams/service";
import { listAgenda } from "../agenda/service";
import { outbox } from "../../../platform/email/schema";
import { addMember, leaveCommunity } from "../membership/service";
import { communityMembers } from "../schema";
import { meetings } from "../agenda/schema";
import { listNotifications, sendDigests } from "./service";
import { ensureProfile } from "../people/service";
import { createTopic, replyToTopic } from "../discussions/posts";
import { memberProfiles } from "../schema";
import { agendaItems, agendaItemTopics } from "../agenda/schema";
import { notifications, topics, topicWatches } from "../discussions/schema";
import { requireVisibleCommunity } from "../service";
import { buildCommunity, trustedMember } from "../test-factories";
import { setTopicWatch, updateTopicAsLead } from "../discussions/topic-actions";

// What someone sees and hears ends when their access ends: a topic moved into a private
// community, a member who leaves or is removed (issue 8).
describe.each(DATABASES)("access ends on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());
  const actor = async (userId: string) => (await loadActor(t.db, userId)) as Actor;

  it("stops showing a linked topic on the public agenda once it moves into a private community", async () => {
    const open = await buildCommunity(t.db);
    const closed = await buildCommunity(t.db, { visibility: "private", joinPolicy: "invite" });
    const lead = await trustedMember(t.db, open.id, { role: "lead" });
    await addMember(t.db, closed.id, lead.id, "lead");
    const insider = await buildUser(t.db);
    await addMember(t.db, closed.id, insider.id);
    const outsider = await buildUser(t.db);
    const [topic] = await t.db
      .insert(topics)
      .values({ communityId: open.id, authorId: lead.id, title: "Quiet budget talk" })
      .returning();
    const [item] = await t.db
      .insert(agendaItems)
      .values({ communityId: open.id, title: "Budget season", priority: "high", status: "active" })
      .returning();
    await t.db.insert(agendaItemTopics).values({ agendaItemId: item!.id, topicId: topic!.id });
    const linked = async (who: Actor | null) =>
      (await listAgenda(t.db, who, { community: open.slug })).flatMap((i) =>
        (i.linkedTopics ?? []).map((l) => l.title),
      );
    expect(await linked(null)).toEqual(["Quiet budget talk"]);

    const leadActor = await actor(lead.id);
    await updateTopicAsLead(
      t.db,
      leadActor,
      await requireVisibleCommunity(t.db, open.slug, leadActor),
      topic!,
      { moveToCommunityId: closed.id },
    );
    const [row] = await t.db.select().from(topics).where(eq(topics.id, topic!.id));
    expect(row!.communityId).toBe(closed.id);

    // The agenda item stays public; the link to the now-private topic does not.
    expect(await linked(null)).toEqual([]);
    expect(await linked(await actor(outsider.id))).toEqual([]);
    expect(await linked(await actor(insider.id))).toEqual(["Quiet budget talk"]);
  });

  /** Everything a person has been told: in-app notifications (as listed) and emails in the outbox. */
  const heard = async (user: { id: string; email: string }) => ({
    listed: (await listNotifications(t.db, user.id)).items.map((n) => n.summary),
    stored: (await t.db.select().from(notifications).where(eq(notifications.userId, user.id))).length,
    emails: (await t.db.select().from(outbox).where(eq(outbox.to, user.email))).map(
      (m) => `${m.subject}\n${m.text}`,
    ),
  });
  const emailFrequency = (userId: string, frequency: "immediately" | "daily") =>
    t.db.update(memberProfiles).set({ emailFrequency: frequency }).where(eq(memberProfiles.userId, userId));

  it("stops replies to a topic's author who leaves its private community, also those already on their way", async () => {
    const c = await buildCommunity(t.db, { visibility: "private", joinPolicy: "invite" });
    const author = await trustedMember(t.db, c.id);
    const replier = await trustedMember(t.db, c.id);
    await ensureProfile(t.db, author.id);
    await emailFrequency(author.id, "immediately");
    const authorActor = await actor(author.id);
    const replierActor = await actor(replier.id);
    const view = async (who: Actor) => requireVisibleCommunity(t.db, c.slug, who);
    const { topic } = await createTopic(
      t.db,
      authorActor,
      await view(authorActor),
      { title: "Secret staffing plan", body: "Start" },
      "",
    );
    // A reply while the author is a member: its email is queued, not yet sent.
    await replyToTopic(
      t.db,
      replierActor,
      await view(replierActor),
      topic,
      { body: "Before leaving: quote me" },
      "",
    );
    expect((await heard(author)).stored).toBe(1);

    await leaveCommunity(t.db, authorActor, await view(authorActor));
    // Following ended with access.
    expect(await t.db.select().from(topicWatches).where(eq(topicWatches.userId, author.id))).toEqual([]);
    await t.runJobs();
    await replyToTopic(
      t.db,
      replierActor,
      await view(replierActor),
      topic,
      { body: "After leaving: quote me too" },
      "",
    );
    await t.runJobs();
    expect(await heard(author)).toEqual({ listed: [], stored: 1, emails: [] });
  });

  it("stops replies to followers of a public topic moved into a private community, digests included", async () => {
    const open = await buildCommunity(t.db);
    const closed = await buildCommunity(t.db, { visibility: "private", joinPolicy: "invite" });
    const lead = await trustedMember(t.db, open.id, { role: "lead" });
    await addMember(t.db, closed.id, lead.id, "lead");
    const insider = await buildUser(t.db);
    await addMember(t.db, closed.id, insider.id);
    const follower = await buildUser(t.db);
    await ensureProfile(t.db, follower.id);
    await emailFrequency(follower.id, "daily");
    const stays = await buildUser(t.db);
    await addMember(t.db, closed.id, stays.id);
    await emailFrequency(stays.id, "daily");
    const leadActor = await actor(lead.id);
    const { topic } = await createTopic(
      t.db,
      leadActor,
      await requireVisibleCommunity(t.db, open.slug, leadActor),
      { title: "Open question", body: "Hi" },
      "",
    );
    await setTopicWatch(t.db, follower.id, topic.id, "following");
    await setTopicWatch(t.db, stays.id, topic.id, "following");
    await replyToTopic(
      t.db,
      leadActor,
      await requireVisibleCommunity(t.db, open.slug, leadActor),
      topic,
      { body: "Reply one, public" },
      "",
    );
    expect((await listNotifications(t.db, follower.id)).items).toHaveLength(1);

    const moved = await updateTopicAsLead(
      t.db,
      leadActor,
      await requireVisibleCommunity(t.db, open.slug, leadActor),
      topic,
      {
        moveToCommunityId: closed.id,
      },
    );
    // The outsider's follow ended; the private community's member still follows.
    const follows = await t.db.select().from(topicWatches).where(eq(topicWatches.topicId, topic.id));
    expect(follows.map((f) => f.userId).sort()).toEqual([lead.id, stays.id].sort());
    await replyToTopic(
      t.db,
      leadActor,
      await requireVisibleCommunity(t.db, closed.slug, leadActor),
      moved,
      { body: "Reply two, private" },
      "",
    );
    // The digest built now leaves out the notification made before the move.
    await sendDigests(t.db, "daily");
    await t.runJobs();
    expect(await heard(follower)).toEqual({ listed: [], stored: 1, emails: [] });
    const member = await heard(stays);
    expect(member.listed).toHaveLength(2);
    expect(member.emails).toHaveLength(1);
    expect(member.emails[0]).toContain("Reply two, private");
  });

  it("never notifies a person mentioned in a private community they are not in", async () => {
    const c = await buildCommunity(t.db, { visibility: "private", joinPolicy: "invite" });
    const author = await trustedMember(t.db, c.id);
    const outsider = await buildUser(t.db);
    const handle = await ensureProfile(t.db, outsider.id);
    const authorActor = await actor(author.id);
    await createTopic(
      t.db,
      authorActor,
      await requireVisibleCommunity(t.db, c.slug, authorActor),
      { title: "Hello @you", body: `@${handle} look` },
      "",
    );
    const rows = await t.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, outsider.id)));
    expect(rows).toEqual([]);
  });

  it("lets leads remove a member with a reason (page and API): audited, told in their language, locked out, unfollowed", async () => {
    const c = await buildCommunity(t.db, {
      visibility: "private",
      joinPolicy: "invite",
      nameEn: "Quiet Room",
      nameEs: "Sala Tranquila",
    });
    const lead = await trustedMember(t.db, c.id, { role: "lead" });
    const removed = await trustedMember(t.db, c.id, { locale: "es", name: "Rosa Removed" });
    const other = await trustedMember(t.db, c.id, { name: "Otto Other" });
    await emailFrequency(removed.id, "daily");
    const removedClient = await signedInClient(t, removed.id);
    const topic = (
      await removedClient.json("POST", `/api/v1/communities/${c.slug}/topics`, {
        title: "My own topic",
        body: "Hello",
      })
    ).json();
    expect(topic.id).toBeTruthy();
    const members = `/communities/${c.slug}/members`;

    // Only leads see the members page and its forms.
    expect((await removedClient.get(members)).statusCode).toBe(404);
    expect((await removedClient.json("GET", `/api/v1${members}`)).statusCode).toBe(403);
    const leadClient = await signedInClient(t, lead.id);
    const page = await leadClient.get(members);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Rosa Removed");
    const form = `${members}/${removed.id}/remove`;
    expect((await leadClient.get(form)).statusCode).toBe(200);
    // A reason is required; nothing changes without one.
    const noReason = await leadClient.postForm(form, { reason: " " });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain("usa-error-message");
    expect(
      await t.db.select().from(communityMembers).where(eq(communityMembers.userId, removed.id)),
    ).toHaveLength(1);
    const done = await leadClient.postForm(form, { reason: "Shared private notes outside the group" });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(members);

    expect(await t.db.select().from(communityMembers).where(eq(communityMembers.userId, removed.id))).toEqual(
      [],
    );
    expect(await t.db.select().from(topicWatches).where(eq(topicWatches.userId, removed.id))).toEqual([]);
    const [audit] = await t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "community.member.remove"), eq(auditLog.actorId, lead.id)));
    expect(JSON.stringify(audit)).toContain("Shared private notes outside the group");
    // Told in Spanish, by notification and by email, whatever their digest setting.
    await t.runJobs();
    const told = await heard(removed);
    expect(told.listed).toEqual([
      "Una persona líder le quitó de Sala Tranquila. Motivo: Shared private notes outside the group",
    ]);
    expect(told.emails).toHaveLength(1);
    expect(told.emails[0]).toContain("Sala Tranquila. Motivo: Shared private notes outside the group");

    // The private community's topics are now not found for them, and replies reach them no more.
    expect((await removedClient.get(`/communities/${c.slug}/topics/${topic.id}`)).statusCode).toBe(404);
    expect((await removedClient.json("GET", `/api/v1/community-topics/${topic.id}`)).statusCode).toBe(404);
    const leadActor = await actor(lead.id);
    const [row] = await t.db.select().from(topics).where(eq(topics.id, topic.id));
    await replyToTopic(
      t.db,
      leadActor,
      await requireVisibleCommunity(t.db, c.slug, leadActor),
      row!,
      { body: "After the removal" },
      "",
    );
    await sendDigests(t.db, "daily");
    await t.runJobs();
    expect(await heard(removed)).toEqual({ ...told, stored: 1 });

    // The API: a reason is required, a non-member is not found, the last lead stays.
    const api = `/api/v1${members}`;
    expect((await leadClient.json("POST", `${api}/${other.id}/removal`, {})).statusCode).toBe(400);
    expect(
      (await leadClient.json("POST", `${api}/${removed.id}/removal`, { reason: "Again" })).statusCode,
    ).toBe(404);
    expect(
      (await leadClient.json("POST", `${api}/${lead.id}/removal`, { reason: "Leaving it leaderless" }))
        .statusCode,
    ).toBe(409);
    const otherClient = await signedInClient(t, other.id);
    expect(
      (await otherClient.json("POST", `${api}/${lead.id}/removal`, { reason: "Coup attempt" })).statusCode,
    ).toBe(403);
    const listed = (await leadClient.json("GET", api)).json().items.map((m: { userId: string }) => m.userId);
    expect(listed.sort()).toEqual([lead.id, other.id].sort());
    expect(
      (await leadClient.json("POST", `${api}/${other.id}/removal`, { reason: "Asked to leave" })).statusCode,
    ).toBe(200);
    expect(
      await t.db.select().from(communityMembers).where(eq(communityMembers.communityId, c.id)),
    ).toHaveLength(1);
    // The last lead on the page: told why, nothing changes.
    const lastLead = await leadClient.postForm(`${members}/${lead.id}/remove`, {
      reason: "Leaving it leaderless",
    });
    expect(lastLead.statusCode).toBe(409);
    expect(
      await t.db.select().from(communityMembers).where(eq(communityMembers.communityId, c.id)),
    ).toHaveLength(1);
  });

  it("serves the personal calendar by revocable link, with private meetings only while a member", async () => {
    const open = await buildCommunity(t.db);
    const closed = await buildCommunity(t.db, { visibility: "private", joinPolicy: "invite" });
    const lead = await trustedMember(t.db, closed.id, { role: "lead" });
    const member = await buildUser(t.db);
    await addMember(t.db, open.id, member.id);
    await addMember(t.db, closed.id, member.id);
    const startsAt = new Date(Date.now() + 7 * 86400_000);
    for (const [c, title] of [
      [open, "Open town hall"],
      [closed, "Closed strategy session"],
    ] as const) {
      await t.db.insert(meetings).values({
        communityId: c.id,
        title,
        startsAt,
        timeZone: "UTC",
        durationMinutes: 60,
        place: "Online",
        createdBy: lead.id,
      });
    }
    const anon = new TestClient(t.app);
    const { token, id } = await issueFeedToken(t.db, member.id, "calendar");
    const feed = async (path: string) => {
      const response = await anon.get(path);
      return {
        status: response.statusCode,
        open: response.body.includes("Open town hall"),
        closed: response.body.includes("Closed strategy session"),
      };
    };
    const link = `/communities/calendar/${token}.ics`;
    expect(await feed(link)).toEqual({ status: 200, open: true, closed: true });
    // The old permanent link (a signature of the user id) no longer opens anything.
    const legacy = signValue(t.config.sessionSecret, `calendar:${member.id}`);
    expect((await feed(`/communities/calendar/${legacy}.ics`)).status).toBe(404);

    // Removed from the private community: its meetings leave the feed at the next fetch.
    const leadClient = await signedInClient(t, lead.id);
    const removal = await leadClient.json(
      "POST",
      `/api/v1/communities/${closed.slug}/members/${member.id}/removal`,
      { reason: "Term ended" },
    );
    expect(removal.statusCode).toBe(200);
    expect(await feed(link)).toEqual({ status: 200, open: true, closed: false });
    // A revoked link, or any link of a disabled account, is not found.
    const { token: second } = await issueFeedToken(t.db, member.id, "calendar");
    expect(await revokeFeedToken(t.db, member.id, id)).toBe(true);
    expect((await feed(link)).status).toBe(404);
    await t.db.execute(sql`update users set disabled_at = now() where id = ${member.id}`);
    expect((await feed(`/communities/calendar/${second}.ics`)).status).toBe(404);
  });

  it("writes notifications and their emails in the reader's language when read or sent, not when made", async () => {
    const c = await buildCommunity(t.db, { nameEn: "Family Partners", nameEs: "Socios Familiares" });
    const author = await trustedMember(t.db, c.id, { name: "Ana Author" });
    const reader = await buildUser(t.db, { locale: "en" });
    await addMember(t.db, c.id, reader.id);
    const handle = await ensureProfile(t.db, reader.id);
    await emailFrequency(reader.id, "daily");
    const authorActor = await actor(author.id);
    await createTopic(
      t.db,
      authorActor,
      await requireVisibleCommunity(t.db, c.slug, authorActor),
      { title: "Home visits", body: `@${handle} hola` },
      "",
    );
    expect((await listNotifications(t.db, reader.id)).items.map((n) => n.summary)).toEqual([
      "Ana Author mentioned you in “Home visits”",
    ]);
    // The reader switches their account to Spanish: the same notification, and the digest sent now, are in Spanish.
    await t.db.execute(sql`update users set locale = 'es' where id = ${reader.id}`);
    expect((await listNotifications(t.db, reader.id)).items.map((n) => n.summary)).toEqual([
      "Ana Author le mencionó en «Home visits»",
    ]);
    await sendDigests(t.db, "daily");
    await t.runJobs();
    const [mail] = (await heard(reader)).emails;
    expect(mail).toContain("Ana Author le mencionó en «Home visits»");
    expect(mail).toContain("notificaciones nuevas hoy");
  });
});
