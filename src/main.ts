import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { keepEmbeddedTablesTidy } from "./platform/db/embedded-vacuum";
import { ConfigError, databaseOptions, isLoopbackHost, loadConfig } from "./config";
import { announceServer } from "./platform/db/backup";
import { openDatabase } from "./platform/db/client";
import { demoTemplateFor, saveDemoTemplate } from "./seed/demo-template";

/**
 * Responses still being worked on when shutdown starts are sent with `Connection: close`, so a
 * keep-alive client does not hold the server open until its keep-alive timeout (72 s).
 */
function trackResponses(server: Server) {
  const open = new Set<ServerResponse>();
  let closing = false;
  server.on("request", (_request: IncomingMessage, response: ServerResponse) => {
    if (closing) response.shouldKeepAlive = false;
    open.add(response);
    response.once("close", () => open.delete(response));
  });
  return () => {
    closing = true;
    for (const response of open) if (!response.headersSent) response.shouldKeepAlive = false;
  };
}

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  // Opening the database (for a fresh embedded one: unpacking its cluster and compiling PGlite)
  // goes on while the rest of the application's modules load, which shortens a first start.
  // A fresh embedded database with demo data starts from the demo template made from this code
  // when there is one (seed/demo-template.ts); otherwise it is generated and the template saved.
  const demoTemplate = demoTemplateFor(config);
  const opening = openDatabase({ ...databaseOptions(config), seededTemplatePath: demoTemplate });
  const { buildApp } = await import("./app");
  const database = await opening;
  const app = await buildApp(config, { database });
  if (demoTemplate && (database.origin === "template" || database.origin === "initdb")) {
    await saveDemoTemplate(database, demoTemplate);
    app.log.info(
      { path: demoTemplate },
      "demo data generated; saved as the template of the next fresh start",
    );
  }
  if (!config.seedDemo) app.log.info("no demo data here: SEED_DEMO=true adds it to an empty database");
  if (config.sessionSecretFromDatabase)
    app.log.info("signing with the secret kept in the database (no SESSION_SECRET)");
  const closeKeptAlive = trackResponses(app.server);
  let withdrawServer = () => {};
  let stopTidying = () => {};

  /**
   * Stops taking connections, closes idle keep-alive connections at once, lets requests in
   * flight finish (answered with Connection: close), stops the job worker after its current
   * job, then closes the database. Exit 0 when all of that is done, 1 if it outlasts the timeout.
   */
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, "shutting down");
    const timer = setTimeout(() => {
      app.log.error({ seconds: config.SHUTDOWN_TIMEOUT_SECONDS }, "shutdown timed out");
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_SECONDS * 1000);
    timer.unref();
    closeKeptAlive();
    // A connection busy when the server closed becomes idle once its answer is sent: close it then.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
    try {
      await app.close();
      stopTidying();
      await database.close();
      withdrawServer();
    } catch (error) {
      app.log.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
    clearInterval(sweep);
    clearTimeout(timer);
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
  await app.listen({ host: config.HOST, port: config.PORT });
  if (database.pglite)
    stopTidying = keepEmbeddedTablesTidy(database.pglite, (error) =>
      app.log.error({ err: error }, "vacuuming the embedded database failed"),
    );
  if (database.kind === "pglite") {
    // Tells `npm run backup` / `npm run restore` that this server has the data directory open.
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : config.PORT;
    const host = isLoopbackHost(config.HOST) ? config.HOST.replace(/^\[?(.*?)\]?$/, "$1") : "127.0.0.1";
    const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
    withdrawServer = announceServer(config.DATA_DIR, { pid: process.pid, url });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
