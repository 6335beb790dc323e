import { gunzipSync } from "node:zlib";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, signedInClient, startTestApp, type TestApp } from "../../../test/support/app";
import { settle } from "../../../test/support/world";
import { organisations } from "../../domains/directory/schema";
import { addMembership, buildDistrictWithSchools, buildUser } from "../../seed/factories";
import { accessTokens, users } from "../auth/schema";
import { type Database, openDatabase } from "../db/client";

const shows = (body: string, text: string) => body.includes(text);

describe.each(DATABASES)("per-person caches on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());

  /** Renames without announcing: only a cache can explain the page still showing the old name. */
  async function renameSilently(userId: string, name: string) {
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`alter table users disable trigger users_announce_change`);
      await tx.update(users).set({ name }).where(eq(users.id, userId));
      await tx.execute(sql`alter table users enable trigger users_announce_change`);
    });
  }

  it("serves the account page from the cache until the person's row changes", async () => {
    const user = await buildUser(t.db, { name: "Cached Name" });
    const client = await signedInClient(t, user.id);
    expect(shows((await client.get("/account")).body, "Cached Name")).toBe(true);

    await renameSilently(user.id, "Silent Name");
    const cached = await client.get("/account");
    expect(cached.statusCode).toBe(200);
    expect(shows(cached.body, "Cached Name")).toBe(true);

    await t.db.update(users).set({ name: "Announced Name" }).where(eq(users.id, user.id));
    const fresh = await client.get("/account");
    expect(shows(fresh.body, "Announced Name")).toBe(true);
    expect(shows(fresh.body, "Cached Name")).toBe(false);
  });

  it("keeps the account page's HTML only for a CSRF cookie that checks out", async () => {
    // Every rendering signs its forms with a fresh token, so identical HTML means a cached copy.
    const user = await buildUser(t.db);
    const client = await signedInClient(t, user.id);
    await client.get("/account");
    const first = (await client.get("/account")).body;
    expect((await client.get("/account")).body).toBe(first);

    const forged = { cookie: `smh_session=${client.cookies.get("smh_session")}; smh_csrf=forged.value` };
    const bodies = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const page = await t.app.inject({ url: "/account", headers: forged });
      expect(page.statusCode).toBe(200);
      expect(String(page.headers["set-cookie"])).toContain("smh_csrf=");
      bodies.add(page.body);
    }
    expect(bodies.size).toBe(2);
  });

  it("sends the cached account page gzipped to browsers that accept it, with the same content", async () => {
    const user = await buildUser(t.db, { name: "Zip Person" });
    const client = await signedInClient(t, user.id);
    const plain = (await client.get("/account")).body;
    expect((await client.get("/account")).body).toBe(plain);
    const zipped = await client.get("/account", { "accept-encoding": "gzip" });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(plain);
  });

  it("announces one statement's notices to many people in batches, and every one of them is heard", async () => {
    // 150 recipients in one statement, as a reply to a topic with many followers makes: two
    // notices (100 tags, then 50) instead of 150, each tag still reaching the caches.
    const people = await Promise.all(Array.from({ length: 150 }, () => buildUser(t.db)));
    const tagOf = (id: string) => `notifications:${id}`;
    const heard: string[] = [];
    const payloads: string[] = [];
    const feed = t.app.database.changes;
    const stop = feed.subscribe({ onChange: (tag) => heard.push(tag), onGap: () => undefined });
    const publish = feed.publish.bind(feed);
    feed.publish = (payload: string) => {
      if (payload.includes("notifications:")) payloads.push(payload);
      publish(payload);
    };
    try {
      await t.db.execute(
        sql`insert into community_notifications (user_id, kind, link)
            select id, 'mention', '/notifications' from users
            where id in (${sql.join(
              people.map((p) => sql`${p.id}::uuid`),
              sql`, `,
            )})`,
      );
      await settle(t);
      expect(new Set(heard.filter((tag) => tag.startsWith("notifications:")))).toEqual(
        new Set(people.map((p) => tagOf(p.id))),
      );
      expect(payloads.length).toBeLessThanOrEqual(2);
      expect(payloads.every((payload) => payload.split(" ").length <= 100)).toBe(true);
      // Read by their recipients, one at a time: each announces its own person.
      heard.length = 0;
      await t.db.execute(
        sql`update community_notifications set read_at = now() where user_id = ${people[0]!.id}`,
      );
      await settle(t);
      expect(heard.filter((tag) => tag.startsWith("notifications:"))).toEqual([tagOf(people[0]!.id)]);
    } finally {
      feed.publish = publish;
      stop();
    }
  });

  it("lists a team on the account page as soon as the person joins it", async () => {
    const user = await buildUser(t.db);
    const { schools } = await buildDistrictWithSchools(t.db, "VT", 1);
    const client = await signedInClient(t, user.id);
    expect(shows((await client.get("/account")).body, schools[0]!.name)).toBe(false);
    await client.get("/account");

    await addMembership(t.db, user.id, schools[0]!.id, "member");
    expect(shows((await client.get("/account")).body, schools[0]!.name)).toBe(true);
  });

  it("shows an organisation's new name on every cached account page", async () => {
    const user = await buildUser(t.db);
    const { schools } = await buildDistrictWithSchools(t.db, "NH", 1);
    await addMembership(t.db, user.id, schools[0]!.id, "member");
    const client = await signedInClient(t, user.id);
    await client.get("/account");
    expect(shows((await client.get("/account")).body, schools[0]!.name)).toBe(true);

    const renamed = `${schools[0]!.name} Renamed`;
    await t.db.update(organisations).set({ name: renamed }).where(eq(organisations.id, schools[0]!.id));
    expect(shows((await client.get("/account")).body, renamed)).toBe(true);
  });

  it("ends a cached session at once when the person signs out everywhere else", async () => {
    const user = await buildUser(t.db);
    const laptop = await signedInClient(t, user.id);
    const phone = await signedInClient(t, user.id);
    await phone.get("/account");
    expect((await phone.get("/account")).statusCode).toBe(200);

    await laptop.get("/account");
    const ended = await laptop.postForm("/account/sessions/end-others", {});
    expect(ended.statusCode).toBe(303);

    const after = await phone.get("/account");
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toContain("/sign-in");
    expect((await laptop.get("/account")).statusCode).toBe(200);
  });

  it("stops a disabled person's cached session on their next request", async () => {
    const user = await buildUser(t.db);
    const client = await signedInClient(t, user.id);
    await client.get("/account");
    expect((await client.get("/api/v1/me")).statusCode).toBe(200);

    await t.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, user.id));
    expect((await client.get("/api/v1/me")).statusCode).toBe(401);
  });

  it("stops a cached access token at once when it is revoked, and records use without a write per call", async () => {
    const user = await buildUser(t.db);
    const client = await signedInClient(t, user.id);
    const created = await client.json("POST", "/api/v1/me/tokens", { name: "Nightly sync" });
    expect(created.statusCode).toBe(201);
    const { id, secret } = created.json() as { id: string; secret: string };
    const bearer = { authorization: `Bearer ${secret}` };
    expect((await t.app.inject({ url: "/api/v1/me", headers: bearer })).statusCode).toBe(200);
    const [first] = await t.db.select().from(accessTokens).where(eq(accessTokens.id, id));
    expect(first!.lastUsedAt).not.toBeNull();
    for (let i = 0; i < 3; i++)
      expect((await t.app.inject({ url: "/api/v1/me", headers: bearer })).statusCode).toBe(200);
    const [later] = await t.db.select().from(accessTokens).where(eq(accessTokens.id, id));
    expect(later!.lastUsedAt!.getTime()).toBe(first!.lastUsedAt!.getTime());

    await t.db.update(accessTokens).set({ revokedAt: new Date() }).where(eq(accessTokens.id, id));
    expect((await t.app.inject({ url: "/api/v1/me", headers: bearer })).statusCode).toBe(401);
  });

  it("drops cached pages when another server changes the rows", async () => {
    // A second connection pool stands in for another server writing to the same database.
    const other = await secondConnection(t);
    try {
      const user = await buildUser(t.db, { name: "Before Elsewhere" });
      const client = await signedInClient(t, user.id);
      await client.get("/account");
      expect(shows((await client.get("/account")).body, "Before Elsewhere")).toBe(true);

      await other.db.update(users).set({ name: "Changed Elsewhere" }).where(eq(users.id, user.id));
      // Another server's notice arrives over the network moments after its commit.
      const deadline = Date.now() + 5000;
      let body = "";
      while (Date.now() < deadline) {
        body = (await client.get("/account")).body;
        if (shows(body, "Changed Elsewhere")) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(shows(body, "Changed Elsewhere")).toBe(true);
    } finally {
      if (other !== t.app.database) await other.close();
    }
  });
});

/** On PostgreSQL a separate pool; PGlite has one connection, which every server in the process shares. */
async function secondConnection(t: TestApp): Promise<Database> {
  if (t.kind === "pglite") return t.app.database;
  return openDatabase({ databaseUrl: t.config.DATABASE_URL, poolSize: 1 });
}

// Only PostgreSQL has a connection that can drop: PGlite runs inside this process.
describe("per-person caches when the PostgreSQL listener drops", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp("postgres");
  });
  afterAll(() => t?.close());

  it("forgets every cached page once it is listening again, since notices may have been missed", async () => {
    const user = await buildUser(t.db, { name: "Before The Drop" });
    const client = await signedInClient(t, user.id);
    await client.get("/account");
    expect((await client.get("/account")).body).toContain("Before The Drop");

    // A change no notice reports, then every listening connection cut, as a network blip would.
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`alter table users disable trigger users_announce_change`);
      await tx.update(users).set({ name: "Missed During The Drop" }).where(eq(users.id, user.id));
      await tx.execute(sql`alter table users enable trigger users_announce_change`);
    });
    const other = await openDatabase({ databaseUrl: t.config.DATABASE_URL, poolSize: 1 });
    try {
      await other.db.execute(
        sql`select pg_terminate_backend(pid) from pg_stat_activity
             where datname = current_database() and pid <> pg_backend_pid() and query like 'LISTEN%'`,
      );
    } finally {
      await other.close();
    }

    const deadline = Date.now() + 8000;
    let body = "";
    while (Date.now() < deadline) {
      body = (await client.get("/account")).body;
      if (body.includes("Missed During The Drop")) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(body).toContain("Missed During The Drop");
  });
});
