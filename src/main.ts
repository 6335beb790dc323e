import { ConfigError, databaseOptions, loadConfig } from "./config";
import { openDatabase } from "./platform/db/client";

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
  const opening = openDatabase(databaseOptions(config));
  const { buildApp } = await import("./app");
  const database = await opening;
  const app = await buildApp(config, { database });
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, "shutting down");
    const timer = setTimeout(() => process.exit(1), 10_000);
    await app.close();
    await database.close();
    clearTimeout(timer);
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
  await app.listen({ host: config.HOST, port: config.PORT });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
