/**
 * Times the NCES import and the school search on synthetic data:
 *   npx tsx bench/import-nces.ts [rows=100000] [postgres|pglite]
 * "postgres" starts a throwaway server the way the tests do. Prints timings; asserts nothing.
 * Results on the 2-core dev machine are in ../README.md.
 */
import { createReadStream, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { startTestPostgres } from "../test/support/postgres";
import { migrationSets } from "../src/migration-sets";
import { openDatabase, queryRows } from "../src/platform/db/client";
import { applyMigrations } from "../src/platform/db/migrate";
import { STATES } from "../src/platform/geo/states";
import { seedReferenceData } from "../src/seed";
import { buildUser } from "../src/seed/factories";
import { runImport, startImport } from "../src/domains/directory/nces-import";
import { saveUpload } from "../src/domains/directory/nces-upload";
import { countSchoolsByState, searchSchools } from "../src/domains/directory/service";

const rows = Number(process.argv[2] ?? 100_000);
const kind = process.argv[3] === "pglite" ? "pglite" : "postgres";
const words = [
  "Lincoln",
  "Washington",
  "Oak",
  "River",
  "Hill",
  "Maple",
  "Cedar",
  "Lake",
  "Park",
  "Valley",
  "Pine",
  "Grant",
];
const types = ["Elementary School", "Middle School", "High School", "Academy", "Primary School"];

const file = join(tmpdir(), `nces-bench-${process.pid}.csv`);
const lines = ["NCESSCH,LEAID,SCH_NAME,LEA_NAME,ST,LSTREET1,LCITY,LZIP,GSLO,GSHI,LOCALE,MEMBER"];
for (let i = 0; i < rows; i++) {
  const state = STATES[i % STATES.length]!;
  // About 8 schools per district, as in the national file (~100,000 schools, ~13,000 districts).
  const lea = `${state.fips}${String(Math.floor(i / STATES.length / 8)).padStart(5, "0")}`;
  const name = `${words[i % words.length]} ${words[(i * 7) % words.length]} ${types[i % types.length]} ${i}`;
  lines.push(
    `${lea}${String(i % 100000).padStart(5, "0")},${lea},${name},District ${lea},${state.code},${i} Main St,City${i % 500},${10000 + (i % 89999)},KG,05,21,${i % 2000}`,
  );
}
writeFileSync(file, lines.join("\n"));

const pg = kind === "postgres" ? await startTestPostgres() : undefined;
const database = await openDatabase(pg ? { databaseUrl: pg.url } : { inMemory: true });
try {
  await applyMigrations(database, migrationSets);
  await seedReferenceData(database.db);
  const admin = await buildUser(database.db, { systemRole: "admin" });
  for (const label of ["first import", "same file again"]) {
    const started = Date.now();
    const saved = await saveUpload(database.db, createReadStream(file));
    const created = await startImport(database.db, admin.id, { ...saved, fileName: "bench.csv" });
    await runImport(database.db, created.id, saved.fileId);
    const [result] = await queryRows(
      database.db,
      sql`select status, rows_seen, inserted, updated, unchanged, failed, districts_inserted from imports where id = ${created.id}`,
    );
    console.log(`${kind} ${label}: ${Date.now() - started} ms`, JSON.stringify(result));
  }
  for (const query of [
    { q: "lincoln" },
    { q: "oak valley elem", state: "MD" },
    { q: "city42" },
    { q: "2400001" },
    { state: "TX" },
  ]) {
    const started = Date.now();
    const found = await searchSchools(database.db, query);
    console.log(`search ${JSON.stringify(query)}: ${found.total} found in ${Date.now() - started} ms`);
  }
  const started = Date.now();
  await countSchoolsByState(database.db);
  console.log(`countSchoolsByState: ${Date.now() - started} ms`);
} finally {
  await database.close();
  pg?.stop();
  rmSync(file, { force: true });
}
