import { describe, expect, it } from "vitest";
import { ConfigError, DEV_SECRET, isLoopbackHost, loadConfig } from "./config";

const SECRET = "a-real-secret-that-is-long-enough-0123456789";
const PG = "postgres://app@db.internal:5432/smh";

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return "";
}

describe("configuration", () => {
  it("a fresh machine (no variables) runs the embedded database on loopback with demo data", () => {
    const config = loadConfig({});
    expect(config.NODE_ENV).toBe("development");
    expect(config.HOST).toBe("127.0.0.1");
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.seedDemo).toBe(true);
    expect(config.sessionSecret).toBe(DEV_SECRET);
  });

  it("never signs with the development secret on a PostgreSQL database: one is kept in the database", () => {
    const config = loadConfig({ DATABASE_URL: PG });
    expect(config.sessionSecretFromDatabase).toBe(true);
    expect(config.sessionSecret).not.toBe(DEV_SECRET);
  });

  it("requires SESSION_SECRET in production, naming it and why", () => {
    const message = problemsOf({ NODE_ENV: "production" });
    expect(message).toContain("SESSION_SECRET");
    expect(message).toContain("because NODE_ENV=production");
    expect(message.split("\n  - ")).toHaveLength(2); // the heading and one problem
  });

  it("never signs with the development secret on an address beyond loopback", () => {
    for (const host of ["0.0.0.0", "::", "10.1.2.3", "smh.example.org"]) {
      const config = loadConfig({ HOST: host });
      expect(config.sessionSecretFromDatabase, host).toBe(true);
      expect(config.sessionSecret, host).not.toBe(DEV_SECRET);
    }
  });

  it("uses SESSION_SECRET when given, wherever it runs", () => {
    const config = loadConfig({ DATABASE_URL: PG, SESSION_SECRET: SECRET });
    expect(config.sessionSecret).toBe(SECRET);
    expect(config.sessionSecretFromDatabase).toBe(false);
  });

  it("refuses the development secret given explicitly where it would be public", () => {
    expect(problemsOf({ DATABASE_URL: PG, SESSION_SECRET: DEV_SECRET })).toContain("SESSION_SECRET");
  });

  it("accepts loopback addresses with the development secret", () => {
    for (const host of ["127.0.0.1", "127.8.9.10", "localhost", "::1", "[::1]"]) {
      expect(loadConfig({ HOST: host }).sessionSecret, host).toBe(DEV_SECRET);
    }
  });

  it("creates no demo data on PostgreSQL, in production or beyond loopback unless SEED_DEMO=true is given", () => {
    expect(loadConfig({ DATABASE_URL: PG, SESSION_SECRET: SECRET }).seedDemo).toBe(false);
    expect(loadConfig({ NODE_ENV: "production", SESSION_SECRET: SECRET }).seedDemo).toBe(false);
    expect(loadConfig({ HOST: "0.0.0.0", SESSION_SECRET: SECRET }).seedDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: PG, SESSION_SECRET: SECRET, SEED_DEMO: "true" }).seedDemo).toBe(true);
    expect(loadConfig({ HOST: "0.0.0.0", SESSION_SECRET: SECRET, SEED_DEMO: "true" }).seedDemo).toBe(true);
    expect(loadConfig({ SEED_DEMO: "false" }).seedDemo).toBe(false);
  });

  it("never allows demo data in production", () => {
    expect(problemsOf({ NODE_ENV: "production", SESSION_SECRET: SECRET, SEED_DEMO: "true" })).toContain(
      "SEED_DEMO",
    );
  });

  it("a production configuration with a secret starts, with its own secret", () => {
    const config = loadConfig({
      NODE_ENV: "production",
      DATABASE_URL: PG,
      SESSION_SECRET: SECRET,
      HOST: "0.0.0.0",
    });
    expect(config.sessionSecret).toBe(SECRET);
    expect(config.seedDemo).toBe(false);
  });

  it("validates the overload and shutdown settings", () => {
    const config = loadConfig({
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: "0",
      OVERLOAD_RETRY_AFTER_SECONDS: "3",
      SHUTDOWN_TIMEOUT_SECONDS: "4",
    });
    expect(config.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS).toBe(0);
    expect(config.OVERLOAD_RETRY_AFTER_SECONDS).toBe(3);
    expect(config.SHUTDOWN_TIMEOUT_SECONDS).toBe(4);
    const message = problemsOf({
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: "-1",
      OVERLOAD_RETRY_AFTER_SECONDS: "soon",
    });
    expect(message).toContain("OVERLOAD_MAX_EVENT_LOOP_DELAY_MS");
    expect(message).toContain("OVERLOAD_RETRY_AFTER_SECONDS");
  });

  it("names every problem at once", () => {
    const message = problemsOf({ PORT: "http", DATABASE_URL: "mysql://x", NODE_ENV: "staging" });
    expect(message).toContain("PORT");
    expect(message).toContain("DATABASE_URL");
    expect(message).toContain("NODE_ENV");
  });

  it("knows which hosts are loopback", () => {
    expect(isLoopbackHost("127.0.0.1")).toBe(true);
    expect(isLoopbackHost("::ffff:127.0.0.1")).toBe(true);
    expect(isLoopbackHost("0.0.0.0")).toBe(false);
    expect(isLoopbackHost("128.0.0.1")).toBe(false);
    expect(isLoopbackHost("127.example.org")).toBe(false);
  });
});
