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
  SEED_DEMO: Type.Boolean({ default: true }),
  JOBS_WORKER: Type.Boolean({ default: true }),
});

export type Config = Static<typeof ConfigSchema> & {
  /** Secret for signing cookies and one-click links; in development a fixed one is used. */
  sessionSecret: string;
  publicUrl: string;
  /** In-memory PGlite for tests; otherwise DATA_DIR. */
  inMemory?: boolean;
};

export class ConfigError extends Error {}

const DEV_SECRET = "development-only-secret-do-not-use-in-production-0123456789";

/** Reads configuration from the environment and names every problem at once. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(ConfigSchema.properties)) {
    const value = env[key];
    if (value !== undefined && value !== "") raw[key] = value;
  }
  const converted = Value.Convert(ConfigSchema, Value.Default(ConfigSchema, raw));
  const problems = [...Value.Errors(ConfigSchema, converted)].map(
    (e) => `${e.path.slice(1) || "config"}: ${e.message}${e.value !== undefined ? ` (got ${JSON.stringify(e.value)})` : ""}`,
  );
  const parsed = converted as Static<typeof ConfigSchema>;
  if (parsed.NODE_ENV === "production" && !parsed.SESSION_SECRET) {
    problems.push("SESSION_SECRET: must be set (32+ characters) when NODE_ENV=production");
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join("\n  - ")}`);
  }
  return {
    ...parsed,
    sessionSecret: parsed.SESSION_SECRET ?? DEV_SECRET,
    publicUrl: (parsed.PUBLIC_URL ?? `http://${parsed.HOST}:${parsed.PORT}`).replace(/\/$/, ""),
  };
}

/** Where the configured database is: a PostgreSQL server, an embedded data directory, or memory. */
export function databaseOptions(config: Config) {
  return { databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, inMemory: config.inMemory };
}
