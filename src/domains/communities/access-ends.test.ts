import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp } from "../../../test/support/app";
import type { Actor } from "../../platform/policy";
import { buildUser } from "../../seed/factories";
import { loadActor } from "../teams/service";
import { listAgenda } from "./agenda";
import { addMember } from "./membership";
import { agendaItems, agendaItemTopics } from "./schema-agenda";
import { topics } from "./schema-discussions";
import { requireVisibleCommunity } from "./service";
import { buildCommunity, trustedMember } from "./test-factories";
import { updateTopicAsLead } from "./topic-actions";

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
});
