import Fastify, { type FastifyInstance } from "fastify";
import { type Config, databaseOptions } from "./config";
import { accountsDomain } from "./domains/accounts";
import { adminDomain } from "./domains/admin";
import { communitiesDomain } from "./domains/communities";
import { directoryDomain } from "./domains/directory";
import { eventsDomain } from "./domains/events";
import { improvementDomain } from "./domains/improvement";
import { insightsDomain } from "./domains/insights";
import { libraryDomain } from "./domains/library";
import { measuresDomain } from "./domains/measures";
import { researchDomain } from "./domains/research";
import { siteDomain } from "./domains/site";
import { teamsDomain } from "./domains/teams";
import { headerCountsOf } from "./domains/site/home/header-counts";
import { loadActor } from "./domains/teams/service";
import type { Domain } from "./platform/domain";
import { migrationSets } from "./migration-sets";
import { storedSessionSecret } from "./platform/auth/site-secret";
import { Caches } from "./platform/cache";
import { backupRoutes } from "./platform/db/backup";
import { type Database, openDatabase } from "./platform/db/client";
import { applyMigrations } from "./platform/db/migrate";
import { emailJobHandlers } from "./platform/email";
import apiDocs from "./platform/http/api-docs";
import { problemFor, sendProblem } from "./platform/http/problem";
import { enforceAccessDeclarations } from "./platform/http/access";
import { lazyCompilers } from "./platform/http/lazy-compilers";
import { registerOverloadShedding } from "./platform/http/overload";
import { addTextFormats } from "./platform/http/schemas";
import webPlatform, { apiRoutes } from "./platform/http/web";
import { startJobWorker, type JobHandler } from "./platform/jobs";
import { seedReferenceData } from "./seed";
import { seedDemoData } from "./seed/demo";

/** The rooms of the application, in the order their routes and demo data are set up. */
export const domains: Domain[] = [
  siteDomain,
  directoryDomain,
  accountsDomain,
  teamsDomain,
  adminDomain,
  measuresDomain,
  insightsDomain,
  researchDomain,
  communitiesDomain,
  improvementDomain,
  libraryDomain,
  eventsDomain,
];

export interface BuildOptions {
  /** Reuse an open database (tests share one per file). */
  database?: Database;
  logger?: boolean;
}

export async function prepareDatabase(config: Config, existing?: Database): Promise<Database> {
  const database = existing ?? (await openDatabase(databaseOptions(config)));
  await applyMigrations(database, migrationSets);
  if (config.sessionSecretFromDatabase) config.sessionSecret = await storedSessionSecret(database.db);
  await seedReferenceData(database.db);
  if (config.seedDemo) await seedDemoData(database.db, domains, { stateSchools: config.DEMO_STATE_SCHOOLS });
  return database;
}

export function jobHandlers(config: Config): Record<string, JobHandler> {
  return Object.assign(
    emailJobHandlers({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM }),
    ...domains.map((d) => d.jobs ?? {}),
  );
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const database = await prepareDatabase(config, options.database);
  const app = Fastify({
    logger:
      options.logger === false || config.LOG_LEVEL === "silent"
        ? false
        : { level: config.LOG_LEVEL, redact: ["req.headers.authorization", "req.headers.cookie"] },
    trustProxy: config.TRUST_PROXY,
    bodyLimit: 2 * 1024 * 1024,
    requestIdHeader: "x-request-id",
    genReqId: () => crypto.randomUUID(),
    // Errors Fastify raises before routing (malformed URL, bad content type) also get problem+json.
    frameworkErrors: (error, request, reply) => {
      const problem = problemFor(error, request);
      void sendProblem(
        reply,
        problem.status >= 500 ? { ...problem, status: 400, title: "Bad Request" } : problem,
      );
    },
    ajv: { customOptions: { allErrors: false }, plugins: [addTextFormats as never] },
    schemaController: { compilersFactory: lazyCompilers as never },
  }) as unknown as FastifyInstance;
  app.decorate("db", database.db);
  app.decorate("database", database);
  app.decorate("config", config);
  const caches = new Caches(database.changes);
  app.decorate("caches", caches);
  app.addHook("onClose", async () => caches.close());
  enforceAccessDeclarations(app);

  await registerOverloadShedding(app, config);
  await app.register(webPlatform, {
    loadActor: (instance, userId) => loadActor(instance.db, userId),
    headerCounts: headerCountsOf,
  });
  await app.register(apiDocs);
  for (const domain of domains) await app.register(domain.routes);
  await app.register(apiRoutes(backupRoutes), { prefix: "/api/v1" });

  if (config.JOBS_WORKER) {
    let stopWorker: (() => Promise<void>) | undefined;
    app.addHook("onReady", async () => {
      stopWorker = startJobWorker(database.db, jobHandlers(config), {
        onError: (e) => app.log.error({ err: e }, "job worker"),
      });
    });
    app.addHook("onClose", async () => {
      await stopWorker?.();
    });
  }
  if (!options.database) app.addHook("onClose", async () => database.close());
  return app;
}
