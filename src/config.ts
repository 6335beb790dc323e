import { isIP } from "node:net";
import { type Static, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";

const ConfigSchema = Type.Object({
  NODE_ENV: Type.Union([Type.Literal("development"), Type.Literal("production"), Type.Literal("test")], {
    default: "development",
  }),
  HOST: Type.String({ default: "127.0.0.1", minLength: 1 }),
  PORT: Type.Integer({ default: 3000, minimum: 0, maximum: 65535 }),
  DATA_DIR: Type.String({ default: "./data", minLength: 1 }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: "^postgres(ql)?://" })),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: "^https?://" })),
  SESSION_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  SMTP_URL: Type.Optional(Type.String({ pattern: "^smtps?://" })),
  MAIL_FROM: Type.String({ default: "SMH Commons <no-reply@smhcommons.example>" }),
  TRUST_PROXY: Type.Boolean({ default: false }),
  LOG_LEVEL: Type.Union(
    ["fatal", "error", "warn", "info", "debug", "trace", "silent"].map((l) => Type.Literal(l)),
    { default: "info" },
  ),
  /** Unset: demo data only on the embedded database listening on loopback, outside production. */
  SEED_DEMO: Type.Optional(Type.Boolean()),
  /** Generated schools of the demo state beside the named demo schools (0: the named ones only). */
  DEMO_STATE_SCHOOLS: Type.Integer({ default: 1393, minimum: 0, maximum: 20_000 }),
  JOBS_WORKER: Type.Boolean({ default: true }),
  /** Shed requests with 503 once the event loop lags this much on average (0 turns it off). */
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: Type.Integer({ default: 200, minimum: 0, maximum: 60_000 }),
  /** The Retry-After of a shed request, and the "try again in" of its page. */
  OVERLOAD_RETRY_AFTER_SECONDS: Type.Integer({ default: 5, minimum: 1, maximum: 3600 }),
  /** The largest file an editor may attach to a library resource, in megabytes. */
  LIBRARY_MAX_FILE_MB: Type.Integer({ default: 25, minimum: 1, maximum: 1024 }),
  /** Each app server's local copy of downloaded library files (default DATA_DIR/file-cache; "off" for none). */
  FILE_CACHE_DIR: Type.Optional(Type.String({ minLength: 1 })),
  /** How long SIGTERM waits for requests in flight and the current job before giving up (exit 1). */
  SHUTDOWN_TIMEOUT_SECONDS: Type.Integer({ default: 10, minimum: 1, maximum: 600 }),
});

export type Config = Static<typeof ConfigSchema> & {
  /**
   * Secret for signing cookies and one-click links: SESSION_SECRET; the public development one
   * only on a loopback trial of the embedded database; otherwise made once and kept in the
   * database (filled in by prepareDatabase when `sessionSecretFromDatabase`).
   */
  sessionSecret: string;
  sessionSecretFromDatabase: boolean;
  publicUrl: string;
  /** Whether demo data is created on an empty database (SEED_DEMO, or its safe default). */
  seedDemo: boolean;
  /** In-memory PGlite for tests; otherwise DATA_DIR. */
  inMemory?: boolean;
  /** How often the event-loop delay is sampled for load shedding (tests make it shorter). */
  overloadSampleIntervalMs?: number;
};

export class ConfigError extends Error {}

/** Published in the source: it signs nothing that matters outside a trial on one's own machine. */
export const DEV_SECRET = "development-only-secret-do-not-use-in-production-0123456789";

/** True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (bare === "localhost" || bare === "::1") return true;
  const v4 = bare.replace(/^::ffff:/, "");
  return isIP(v4) === 4 && v4.startsWith("127.");
}

/**
 * Why the public development secret may not be used here, or null on a loopback trial:
 * production, a real PostgreSQL database, or a listener others can reach.
 */
function publicDeployment(parsed: Static<typeof ConfigSchema>): string | null {
  if (parsed.NODE_ENV === "production") return "NODE_ENV=production";
  if (parsed.DATABASE_URL) return "DATABASE_URL is set";
  if (!isLoopbackHost(parsed.HOST)) return `HOST=${parsed.HOST} listens beyond this machine`;
  return null;
}

/** Reads configuration from the environment and names every problem at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(ConfigSchema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== "") raw[key] = value;
  }
  const converted = Value.Convert(ConfigSchema, Value.Default(ConfigSchema, raw));
  const problems = [...Value.Errors(ConfigSchema, converted)].map(
    (e) =>
      `${e.path.slice(1) || "config"}: ${e.message}${e.value !== undefined ? ` (got ${JSON.stringify(e.value)})` : ""}`,
  );
  const parsed = converted as Static<typeof ConfigSchema>;
  const deployment = publicDeployment(parsed);
  const mustName = `must be set to a random value of 32+ characters (e.g. \`openssl rand -hex 32\`) because ${deployment}`;
  if (deployment && parsed.SESSION_SECRET === DEV_SECRET) {
    problems.push(
      `SESSION_SECRET: ${mustName}; the built-in development secret is public and would make sessions, iCal and unsubscribe links forgeable`,
    );
  }
  // Production names its secret; a trial on PostgreSQL or on the network gets one of its own.
  if (parsed.NODE_ENV === "production" && !parsed.SESSION_SECRET) {
    problems.push(`SESSION_SECRET: ${mustName}`);
  }
  if (parsed.NODE_ENV === "production" && parsed.SEED_DEMO === true) {
    problems.push(
      "SEED_DEMO: demo data (with its published password) is never created when NODE_ENV=production",
    );
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join("\n  - ")}`);
  }
  return {
    ...parsed,
    sessionSecret: parsed.SESSION_SECRET ?? (deployment ? "" : DEV_SECRET),
    sessionSecretFromDatabase: !parsed.SESSION_SECRET && deployment !== null,
    publicUrl: (parsed.PUBLIC_URL ?? `http://${parsed.HOST}:${parsed.PORT}`).replace(/\/$/, ""),
    // Explicit SEED_DEMO wins; otherwise only a trial on one's own machine gets demo accounts.
    seedDemo: parsed.SEED_DEMO ?? deployment === null,
  };
}

/** Where the configured database is: a PostgreSQL server, an embedded data directory, or memory. */
export function databaseOptions(config: Config) {
  return { databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, inMemory: config.inMemory };
}
