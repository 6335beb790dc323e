import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import pg from "pg";
import { inject } from "vitest";
import { buildApp } from "../../src/app";
import { type Config, loadConfig } from "../../src/config";
import { SESSION_COOKIE, createSession } from "../../src/platform/auth/sessions";
import { type Database, type Db, openDatabase } from "../../src/platform/db/client";
import { drainJobs } from "../../src/platform/jobs";
import { jobHandlers } from "../../src/app";

export type DatabaseKind = "pglite" | "postgres";
/** Every integration suite runs once per database. */
export const DATABASES: DatabaseKind[] = ["pglite", "postgres"];

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  kind: DatabaseKind;
  config: Config;
  /** Runs queued jobs (email and others) now. */
  runJobs(): Promise<number>;
  close(): Promise<void>;
}

let databaseCounter = 0;

/** A fresh, empty database of the given kind: in-memory PGlite, or a new database on the test server. */
export async function openTestDatabase(kind: DatabaseKind): Promise<{ database: Database; url?: string }> {
  if (kind === "pglite") return { database: await openDatabase({ inMemory: true }) };
  const adminUrl = inject("postgresUrl");
  const name = `smh_test_${process.pid}_${Date.now().toString(36)}_${++databaseCounter}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = adminUrl.replace(/\/postgres$/, `/${name}`);
  return { database: await openDatabase({ databaseUrl: url, poolSize: 5 }), url };
}

export async function startTestApp(kind: DatabaseKind, env: Record<string, string> = {}): Promise<TestApp> {
  const { database, url } = await openTestDatabase(kind);
  const config = {
    // Load shedding off: a slow synchronous step in a test (PGlite works on this thread) must not
    // turn the next request into a 503; src/platform/http/overload.test.ts tests the shedding.
    ...loadConfig({
      NODE_ENV: "test",
      LOG_LEVEL: "silent",
      SEED_DEMO: "false",
      // A test that seeds the demo gets the named demo data only unless it asks for the state.
      DEMO_STATE_SCHOOLS: "0",
      JOBS_WORKER: "false",
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: "0",
      ...env,
    }),
    DATABASE_URL: url,
    inMemory: kind === "pglite",
  };
  const app = await buildApp(config, { database, logger: false });
  await app.ready();
  return {
    app,
    db: database.db,
    kind,
    config,
    runJobs: () => drainJobs(database.db, jobHandlers(config)),
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/**
 * A browser-like client over app.inject: keeps cookies, and fills the CSRF token of the last
 * page it fetched into forms it posts.
 */
export class TestClient {
  cookies = new Map<string, string>();
  csrfToken = "";

  constructor(private app: FastifyInstance) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private remember(response: LightMyRequestResponse) {
    for (const c of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === "" || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()))
        this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    const match = response.body.match(/name="_csrf" value="([^"]+)"/);
    if (match) this.csrfToken = match[1]!;
  }

  async request(options: InjectOptions): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      ...options,
      headers: { ...(options.headers ?? {}), cookie: this.cookieHeader() },
    });
    this.remember(response);
    return response;
  }

  get(url: string, headers: Record<string, string> = {}) {
    return this.request({ method: "GET", url, headers });
  }

  /** Posts a form as a browser would, with the CSRF token from the last page seen. */
  async postForm(url: string, fields: Record<string, string | string[]>) {
    // The sign-in page always has a form, so it always carries a CSRF token.
    if (!this.csrfToken) await this.get("/sign-in");
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const item of [v].flat()) body.append(k, item);
    if (!("_csrf" in fields)) body.append("_csrf", this.csrfToken);
    return this.request({
      method: "POST",
      url,
      payload: body.toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
  }

  json(
    method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
    url: string,
    payload?: unknown,
    headers: Record<string, string> = {},
  ) {
    return this.request({
      method,
      url,
      payload: payload === undefined ? undefined : JSON.stringify(payload),
      headers: { ...(payload === undefined ? {} : { "content-type": "application/json" }), ...headers },
    });
  }
}

/** A client already signed in as the user (a session made directly, skipping the sign-in form). */
export async function signedInClient(t: TestApp, userId: string): Promise<TestClient> {
  const token = await createSession(t.db, userId, { userAgent: "test" });
  const client = new TestClient(t.app);
  client.cookies.set(SESSION_COOKIE, t.app.signCookie(token));
  await client.get("/");
  return client;
}
