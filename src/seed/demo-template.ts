import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "../config";
import type { Database } from "../platform/db/client";
import { defaultTemplatePath, pgliteVersion, snapshotTemplate } from "../platform/db/pglite-template";

/**
 * The demo template: a cluster that already holds the migrations, the reference data and the
 * demo data (the demo state's 1,400 schools and three school years included), so that
 * `npm start` on a fresh data directory copies it instead of generating them (seconds of work
 * in PGlite). See docs/decisions/014-demo-template.md.
 *
 * It is only used when it was made from exactly this code: its name carries a hash of every
 * source file under src/ (migrations, seed code, scoring — anything that shapes the data), of
 * package-lock.json, of the demo state's size and of the current school year (the demo's years
 * are counted back from it). `npm install` prepares it (scripts/prepare-embedded-database.ts);
 * a start that finds none for its hash generates the data as usual and saves the template
 * before it serves any request, so the next fresh start is quick.
 */

/** Bump when the way the demo template is made changes. */
const DEMO_TEMPLATE_FORMAT = 1;

const SRC = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Files that may shape the data: every source file and migration, not the tests. */
function sourceFiles(): string[] {
  return (readdirSync(SRC, { recursive: true }) as string[])
    .filter((f) => /\.(ts|tsx|sql|json)$/.test(f) && !/\.test\.tsx?$/.test(f))
    .sort();
}

/** "2026-27" for a date from July 2026 to June 2027 (as the measures domain counts school years). */
function schoolYearAt(now: Date): string {
  const start = now.getUTCMonth() >= 6 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, "0")}`;
}

export function demoTemplateKey(stateSchools: number, now = new Date()): string {
  const hash = createHash("sha256");
  hash.update(`demo template ${DEMO_TEMPLATE_FORMAT}\n${schoolYearAt(now)}\n${stateSchools}\n`);
  for (const file of sourceFiles()) {
    hash.update(`${file}\n`);
    hash.update(readFileSync(join(SRC, file)));
  }
  const lock = join(SRC, "..", "package-lock.json");
  if (existsSync(lock)) hash.update(readFileSync(lock));
  return hash.digest("hex").slice(0, 20);
}

/** node_modules/.cache/smh-commons/pglite-<version>-demo-<key>.tar.gz, beside the empty template. */
export function demoTemplatePath(stateSchools: number, now = new Date()): string {
  return join(
    dirname(defaultTemplatePath()),
    `pglite-${pgliteVersion()}-demo-${demoTemplateKey(stateSchools, now)}.tar.gz`,
  );
}

/**
 * The demo template a start should use, or undefined when the start must not use one: only
 * for the embedded database with demo data, and never where the session secret is kept in the
 * database (a secret must not be copied from one installation to another).
 */
export function demoTemplateFor(config: Config): string | undefined {
  if (!config.seedDemo || config.DATABASE_URL || config.inMemory || config.sessionSecretFromDatabase)
    return undefined;
  return demoTemplatePath(config.DEMO_STATE_SCHOOLS);
}

/**
 * After a fresh cluster was migrated and seeded (and before any request), saves it as the demo
 * template: the dump is taken now, written in the background. Older demo templates are removed.
 */
export async function saveDemoTemplate(
  database: Database,
  path: string,
): Promise<{ written: Promise<void> }> {
  if (!database.pglite) return { written: Promise.resolve() };
  const { written } = await snapshotTemplate(database.pglite, path);
  return {
    written: written.then(() => {
      try {
        for (const name of readdirSync(dirname(path)))
          if (/^pglite-.*-demo-[0-9a-f]+\.tar\.gz$/.test(name) && name !== basename(path))
            rmSync(join(dirname(path), name), { force: true });
      } catch {
        // Old templates left behind only take disk space.
      }
    }),
  };
}

/**
 * Makes the demo template unless a readable one exists for this code (`npm install`): a fresh
 * in-memory database, migrated and seeded exactly as `npm start` does, then dumped.
 */
export async function prepareDemoTemplate(
  stateSchools: number,
  path = demoTemplatePath(stateSchools),
): Promise<"existing" | "created"> {
  const { readTemplate } = await import("../platform/db/pglite-template");
  if (readTemplate(path)) return "existing";
  const { loadConfig } = await import("../config");
  const { prepareDatabase } = await import("../app");
  const config = {
    ...loadConfig({
      NODE_ENV: "development",
      LOG_LEVEL: "silent",
      SEED_DEMO: "true",
      DEMO_STATE_SCHOOLS: String(stateSchools),
    }),
    inMemory: true,
  };
  const database = await prepareDatabase(config);
  try {
    await (await saveDemoTemplate(database, path)).written;
  } finally {
    await database.close();
  }
  if (!readTemplate(path)) throw new Error(`The demo template could not be written to ${path}`);
  return "created";
}
