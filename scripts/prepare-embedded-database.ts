/**
 * `npm install` runs this (postinstall): it prepares the template of an empty embedded
 * PostgreSQL cluster, so a fresh data directory starts without running initdb. See
 * docs/decisions/005-embedded-database-template.md. It never fails the install: without the
 * template the first fresh start runs initdb and saves it then.
 */
async function main() {
  try {
    const started = performance.now();
    const { defaultTemplatePath, prepareTemplate } = await import("../src/platform/db/pglite-template");
    const path = defaultTemplatePath();
    const result = await prepareTemplate(path);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`smh-commons: embedded database template ${result === "created" ? `prepared in ${seconds} s` : "already prepared"}: ${path}`);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    console.log(`smh-commons: embedded database template not prepared (${reason}); the first start will make it.`);
  }
}

void main().finally(() => process.exit(0));
