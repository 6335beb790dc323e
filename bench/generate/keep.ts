// Dev helper: generate a dataset on a throwaway PostgreSQL and keep it running (prints URL and cookie).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sign } from "@fastify/cookie";
import { prepareDatabase } from "../../src/app";
import { loadConfig } from "../../src/config";
import { SESSION_COOKIE, createSession } from "../../src/platform/auth/sessions";
import { buildUser } from "../../src/seed/factories";
import { startTestPostgres } from "../../test/support/postgres";
import { generateDataset } from "./dataset";

const pgServer = await startTestPostgres();
const dir = mkdtempSync(join(tmpdir(), "smh-measures-keep-"));
const env = {
  DATABASE_URL: pgServer.url,
  DATA_DIR: dir,
  SEED_DEMO: "false",
  SESSION_SECRET: "bench-only-secret-0123456789abcdef0123456789",
};
const config = loadConfig({ ...env, LOG_LEVEL: "silent" });
const database = await prepareDatabase(config);
const t0 = performance.now();
const facts = await generateDataset(database.db, { schools: Number(process.env.BENCH_SCHOOLS ?? 100_000) });
console.log(`generated in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const admin = await buildUser(database.db, { systemRole: "admin" });
const token = await createSession(database.db, admin.id, { userAgent: "bench" });
const out = { ...env, cookie: `${SESSION_COOKIE}=${sign(token, config.sessionSecret)}`, facts };
writeFileSync(process.env.KEEP_OUT ?? "/tmp/mb/facts.json", JSON.stringify(out, null, 2));
console.log(JSON.stringify(out, null, 2));
await database.close();
process.on("SIGTERM", () => {
  pgServer.stop();
  process.exit(0);
});
setInterval(() => {}, 1 << 30);
