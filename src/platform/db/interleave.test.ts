import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "./client";

// The embedded database only: PostgreSQL runs statements in its own processes.
describe("the embedded database's statements and the event loop", () => {
  let database: Database;
  beforeAll(async () => {
    database = await openDatabase({ inMemory: true });
  });
  afterAll(() => database?.close());

  it("lets the loop turn between statements, so waiting work is not held up by every request's queries", async () => {
    const order: string[] = [];
    const chains = [0, 1, 2].map(async (chain) => {
      for (let i = 0; i < 5; i++) await database.db.execute(sql`select ${i}::int`);
      order.push(`chain ${chain}`);
    });
    setImmediate(() => order.push("timer"));
    await Promise.all(chains);
    // Without the turn, all fifteen statements ran in promise callbacks before any timer.
    expect(order[0]).toBe("timer");
  });

  it("reports how long statements waited behind each other, since the last reading", async () => {
    database.lagMs!();
    // Twenty statements of 5 ms asked at once: the last cannot be answered before 100 ms, so the
    // average from asked to answered is at least (5 + 10 + … + 100) / 20 = 52.5 ms.
    await Promise.all(Array.from({ length: 20 }, () => database.db.execute(sql`select pg_sleep(0.005)`)));
    expect(database.lagMs!()).toBeGreaterThanOrEqual(50);
    expect(database.lagMs!()).toBe(0);
  });
});
