import { eq } from "drizzle-orm";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserHarness,
  expectNoAxeViolations,
  startBrowserHarness,
} from "../../../test/support/browser";
import { buildUser } from "../../seed/factories";
import { communities } from "./schema";
import { posts, topics } from "./discussions/schema";
import { addMember } from "./membership/service";
import { ensureProfile } from "./people/service";

/**
 * The discussion journey in a real browser, every page checked with axe (WCAG 2.2 AA): a member
 * joins a practice group and starts a topic mentioning someone; the mentioned member sees the
 * notification and replies; a lead hides a flagged post; an outsider cannot find a private
 * community by page or search.
 */
const JOURNEY_TIMEOUT = 240_000;

describe("communities in a browser", () => {
  let h: BrowserHarness;
  beforeAll(async () => {
    h = await startBrowserHarness("pglite");
  }, 120_000);
  afterAll(() => h?.close());

  const as = (userId: string): Promise<BrowserContext> => h.signedInContext(userId);

  async function visit(page: Page, path: string) {
    await page.goto(path);
    await page.waitForLoadState("load");
    await expectNoAxeViolations(page);
  }

  async function submit(page: Page, button: string) {
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole("button", { name: button, exact: true }).first().click(),
    ]);
    await expectNoAxeViolations(page);
  }

  it(
    "join, post with a mention, notification, reply, flag and hide, private stays private",
    async () => {
      const db = h.t.db;
      const [group] = await db
        .select()
        .from(communities)
        .where(eq(communities.slug, "psychiatry-and-schools"));
      const lead = await buildUser(db, { name: "Lee Lead" });
      await addMember(db, group!.id, lead.id, "lead");
      const mentioned = await buildUser(db, { name: "Mia Mentioned" });
      await addMember(db, group!.id, mentioned.id);
      const handle = await ensureProfile(db, mentioned.id);
      const joiner = await buildUser(db, { name: "Jo Joiner" });
      // Jo has posted before, so this topic needs no approval.
      const [old] = await db
        .insert(topics)
        .values({ communityId: group!.id, authorId: joiner.id, title: "Older topic" })
        .returning();
      for (const body of ["first", "second"])
        await db.insert(posts).values({
          topicId: old!.id,
          communityId: group!.id,
          authorId: joiner.id,
          bodyMarkdown: body,
          bodyHtml: `<p>${body}</p>`,
        });

      const jo = await (await as(joiner.id)).newPage();
      await visit(jo, "/communities");
      await visit(jo, "/communities?kind=practice_group&level=national");
      await visit(jo, `/communities/${group!.slug}`);
      await submit(jo, "Join this community");
      await expect(jo.getByText("Welcome!").count()).resolves.toBe(1);
      await visit(jo, `/communities/${group!.slug}/topics/new`);
      await jo.getByLabel("Title").fill("Consultation hours for school teams");
      await jo.getByLabel("Message").fill(`Hi @${handle}, how do you **schedule** psychiatric consultation?`);
      await submit(jo, "Post topic");
      expect(jo.url()).toContain("/topics/");
      await expect(jo.locator(".smh-post-body strong").count()).resolves.toBeGreaterThan(0);

      const mia = await (await as(mentioned.id)).newPage();
      await visit(mia, "/notifications");
      await expect(mia.locator("main").getByText("1 unread").count()).resolves.toBe(1);
      await Promise.all([mia.waitForNavigation(), mia.getByRole("link", { name: /mentioned you/ }).click()]);
      await expectNoAxeViolations(mia);
      await mia.getByLabel("Message").fill("We hold a weekly call with each district.");
      await submit(mia, "Post reply");
      await expect(mia.getByText("waits for a lead").count()).resolves.toBe(1);

      // Jo reports a post; the lead hides it with a reason.
      const [topic] = await db
        .select()
        .from(topics)
        .where(eq(topics.title, "Consultation hours for school teams"));
      const [first] = await db.select().from(posts).where(eq(posts.topicId, topic!.id));
      const leadPage = await (await as(lead.id)).newPage();
      await visit(leadPage, `/communities/posts/${first!.id}/flag`);
      await leadPage.getByLabel("Reason").fill("Testing the report form");
      await submit(leadPage, "Send report");
      await visit(leadPage, `/communities/${group!.slug}/moderation`);
      const section = leadPage.locator("section", { hasText: "how do you" }).first();
      await section.getByLabel("Reason for your decision").fill("Off topic for this group");
      await Promise.all([
        leadPage.waitForNavigation(),
        section.getByRole("button", { name: "Hide", exact: true }).click(),
      ]);
      await expectNoAxeViolations(leadPage);
      await visit(jo, `/communities/${group!.slug}/topics/${topic!.id}`);
      await expect(jo.getByText("This post was hidden by a lead.").count()).resolves.toBe(1);

      // Other pages of the domain, also checked with axe.
      await visit(jo, "/communities/search?q=consultation");
      await visit(jo, "/agenda");
      await visit(jo, "/notifications/settings");
      await visit(jo, "/people/me/edit");
      await visit(jo, `/people/${handle}`);
      await visit(jo, `/communities/${group!.slug}/reach`);
      await visit(leadPage, `/communities/${group!.slug}/meetings/new`);
      await visit(leadPage, `/communities/${group!.slug}/agenda/new`);
      await visit(leadPage, `/communities/${group!.slug}/invite`);
      const adminPage = await (await as((await buildUser(db, { systemRole: "admin" })).id)).newPage();
      await visit(adminPage, "/communities/new");

      // A private community is invisible to Jo by page and search.
      const [secret] = await db
        .insert(communities)
        .values({
          slug: "browser-secret",
          kind: "learning_collaborative",
          level: "regional",
          nameEn: "Browser secret",
          nameEs: "Secreto",
          purposeEn: "x",
          purposeEs: "x",
          visibility: "private",
        })
        .returning();
      const [hiddenTopic] = await db
        .insert(topics)
        .values({ communityId: secret!.id, authorId: lead.id, title: "Quokka plans" })
        .returning();
      await db.insert(posts).values({
        topicId: hiddenTopic!.id,
        communityId: secret!.id,
        authorId: lead.id,
        bodyMarkdown: "quokka",
        bodyHtml: "<p>quokka</p>",
      });
      const response = await jo.goto(`/communities/browser-secret/topics/${hiddenTopic!.id}`);
      expect(response?.status()).toBe(404);
      await visit(jo, "/communities/search?q=quokka");
      await expect(jo.getByText("Quokka plans").count()).resolves.toBe(0);
    },
    JOURNEY_TIMEOUT,
  );
});
