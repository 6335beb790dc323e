/**
 * `npm install` runs this (postinstall): it prepares the template of an empty embedded
 * PostgreSQL cluster, so a fresh data directory starts without running initdb (see
 * docs/decisions/005-embedded-database-template.md), then the demo template, a cluster holding
 * the migrated schema and the demo data made from this code, so that a fresh `npm start` copies
 * them instead of generating them (docs/decisions/014-demo-template.md).
 *
 * The template only saves time, so one case is harmless and ends with a warning and exit 0: the
 * cache folder cannot be written (a read-only or full disk, no permission) — the first fresh
 * start then runs initdb itself. Anything else (PGlite cannot start, a broken install, a bug
 * here) would break `npm start` too, so it fails the install loudly, with the whole error.
 */
const HARMLESS_CODES = new Set(["EACCES", "EPERM", "EROFS", "ENOSPC", "EDQUOT"]);

function isHarmless(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && HARMLESS_CODES.has(code);
}

/** The demo template, for the demo state's default size (DEMO_STATE_SCHOOLS when set). */
async function prepareDemo(): Promise<void> {
  const started = performance.now();
  const { demoTemplatePath, prepareDemoTemplate } = await import("../src/seed/demo-template");
  const { loadConfig } = await import("../src/config");
  const schools = loadConfig({ DEMO_STATE_SCHOOLS: process.env.DEMO_STATE_SCHOOLS }).DEMO_STATE_SCHOOLS;
  const path = demoTemplatePath(schools);
  const result = await prepareDemoTemplate(schools, path);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `smh-commons: demo database template ${result === "created" ? `prepared in ${seconds} s` : "already prepared"}: ${path}`,
  );
}

async function main(): Promise<number> {
  const started = performance.now();
  const { defaultTemplatePath, prepareTemplate } = await import("../src/platform/db/pglite-template");
  const path = defaultTemplatePath();
  try {
    const result = await prepareTemplate(path);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `smh-commons: embedded database template ${result === "created" ? `prepared in ${seconds} s` : "already prepared"}: ${path}`,
    );
    await prepareDemo();
    return 0;
  } catch (error) {
    if (!isHarmless(error)) throw error;
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    console.warn(
      `smh-commons: WARNING: the embedded database template could not be saved (${reason}).\n` +
        "  This only costs time: the first start on a new data directory runs initdb itself (2-3 s longer).",
    );
    return 0;
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(
      "smh-commons: preparing the embedded database failed; `npm start` would fail the same way:",
    );
    console.error(error);
    process.exit(1);
  },
);
