import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildUser } from "../../src/seed/factories";
import { DATABASES, startTestApp, type TestApp } from "./app";
import { changedTables, describeChanges, tableDigests } from "./table-digest";

describe.each(DATABASES)("table digests on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(() => t?.close());

  it("covers every table, the audit log, outbox, jobs and sessions included", async () => {
    const digests = await tableDigests(t.db);
    for (const table of [
      "users",
      "sessions",
      "audit_log",
      "email_outbox",
      "jobs",
      "throttles",
      "organisations",
    ])
      expect(digests.has(table), table).toBe(true);
    expect(changedTables(digests, await tableDigests(t.db))).toEqual([]);
  });

  it("sees an update that keeps the row count, and ignores a session's last-seen time", async () => {
    const user = await buildUser(t.db);
    const before = await tableDigests(t.db);
    await t.db.execute(sql`update users set name = name || '!' where id = ${user.id}`);
    const after = await tableDigests(t.db);
    expect(changedTables(before, after)).toEqual(["users"]);
    expect(describeChanges(before, after)[0]).toContain("content changed");

    await t.db.execute(
      sql`insert into sessions (id, user_id, expires_at) values ('digest-test', ${user.id}, now() + interval '1 day')`,
    );
    const withSession = await tableDigests(t.db);
    expect(changedTables(after, withSession)).toEqual(["sessions"]);
    await t.db.execute(
      sql`update sessions set last_seen_at = now() + interval '1 minute' where id = 'digest-test'`,
    );
    expect(changedTables(withSession, await tableDigests(t.db))).toEqual([]);
  });
});
