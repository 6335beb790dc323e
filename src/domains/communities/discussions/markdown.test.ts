import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, signedInClient, startTestApp, type TestApp } from "../../../../test/support/app";
import { posts } from "./schema";
import { buildCommunity, trustedMember } from "../test-factories";

describe.each(DATABASES)("Markdown in posts on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());

  it("neutralises Markdown XSS payloads", async () => {
    const c = await buildCommunity(t.db);
    const author = await trustedMember(t.db, c.id);
    const client = await signedInClient(t, author.id);
    const payloads = [
      "<script>alert('x1')</script>",
      "[click](javascript:alert('x2'))",
      "[click](JaVaScRiPt:alert('x3'))",
      "<img src=x onerror=alert('x4')>",
      "![img](data:text/html;base64,PHNjcmlwdD5hbGVydCgneDUnKTwvc2NyaXB0Pg==)",
      "[data](data:text/html,<script>alert('x6')</script>)",
      "<svg onload=alert('x7')><circle/></svg>",
      "&lt;script&gt;alert('x8')&lt;/script&gt;",
      "[ent](&#106;avascript:alert('x9'))",
      "<a href=\"javascript:alert('x10')\">x</a>",
      "[vb](vbscript:msgbox('x11'))",
      '<iframe src="https://evil.example"></iframe>',
    ];
    const { body: created } = await client.json("POST", `/api/v1/communities/${c.slug}/topics`, {
      title: "Payloads",
      body: payloads.join("\n\n"),
    });
    const topicId = JSON.parse(created).id as string;
    expect(topicId).toBeTruthy();
    const page = await client.get(`/communities/${c.slug}/topics/${topicId}`);
    const body = page.body.slice(page.body.indexOf("smh-post-body"), page.body.indexOf("smh-post-actions"));
    expect(body).toContain("alert('x1')");
    expect(body).not.toMatch(/<script/i);
    expect(body).not.toMatch(/<svg|<iframe|<img/i);
    expect(body).not.toMatch(/<a\s[^>]*href="(?!https?:)/i);
    expect(body).not.toMatch(/<[a-z][^>]*\son\w+=/i);
    const [post] = await t.db.select().from(posts).where(eq(posts.topicId, topicId));
    // Everything dangerous survives only as visible text: no element, attribute or URL scheme is live.
    expect(post!.bodyHtml).not.toMatch(/<(script|svg|iframe|img|object|embed|style)/i);
    expect(post!.bodyHtml).not.toMatch(/<[a-z][^>]*\son\w+=/i);
    expect(post!.bodyHtml).not.toMatch(/<a href="(?!https?:)/i);
    expect(post!.bodyHtml).toContain("&lt;script&gt;alert('x1')&lt;/script&gt;");
    // Links that are allowed carry rel="nofollow ugc noopener".
    await client.json("PATCH", `/api/v1/community-posts/${post!.id}`, {
      body: "[site](https://example.org)",
    });
    const [edited] = await t.db.select().from(posts).where(eq(posts.id, post!.id));
    expect(edited!.bodyHtml).toContain('<a href="https://example.org" rel="nofollow ugc noopener">site</a>');
    const history = await client.get(`/communities/posts/${post!.id}/history`);
    expect(history.body).toContain("&lt;script>alert(");
    expect(history.body).not.toContain("<script>alert");
  });
});
