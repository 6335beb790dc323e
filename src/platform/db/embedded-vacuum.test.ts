import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tablesToTidy, tidyEmbeddedTables } from "./embedded-vacuum";

// PGlite has no autovacuum: the app does its work (PostgreSQL servers have their own).
describe("vacuuming the embedded database", () => {
  let client: PGlite;
  beforeAll(async () => {
    client = new PGlite();
    await client.exec(`
      create table busy (id int primary key, seen int not null);
      insert into busy select g, 0 from generate_series(1, 1000) g;
      create table quiet (id int primary key);
      insert into quiet select g from generate_series(1, 1000) g;`);
    // Counted changes reach the statistics at a flush: analysed after it, the quiet table starts even.
    await client.query("select pg_stat_force_next_flush()");
    await client.exec("analyze quiet");
  });
  afterAll(() => client?.close());

  const deadRows = async (table: string) => {
    await client.query("select pg_stat_force_next_flush()");
    const { rows } = await client.query<{ dead: number }>(
      "select n_dead_tup::int as dead from pg_stat_user_tables where relname = $1",
      [table],
    );
    return rows[0]!.dead;
  };

  it("vacuums a table with many dead rows, and leaves a quiet one alone", async () => {
    // Each update leaves 1,000 dead row versions: past autovacuum's threshold of 50 + 20%.
    await client.exec("update busy set seen = seen + 1");
    await client.exec("update busy set seen = seen + 1");
    expect(await deadRows("busy")).toBeGreaterThanOrEqual(2000);
    expect(await tablesToTidy(client)).toEqual([
      { table: "public.busy", command: "vacuum (analyze) public.busy" },
    ]);

    expect(await tidyEmbeddedTables(client)).toEqual(["vacuum (analyze) public.busy"]);
    expect(await deadRows("busy")).toBe(0);
    expect(await tablesToTidy(client)).toEqual([]);
  });

  it("analyses a table whose rows changed a lot without dead versions", async () => {
    await client.exec("insert into quiet select g from generate_series(1001, 1500) g");
    expect(await tablesToTidy(client)).toEqual([{ table: "public.quiet", command: "analyze public.quiet" }]);
    await tidyEmbeddedTables(client);
    expect(await tablesToTidy(client)).toEqual([]);
  });
});
