import type { FastifyInstance } from "fastify";
import type { Db } from "./db/client";
import type { JobHandler } from "./jobs";

/** What each room of the code hands to the app: its routes, its background jobs, its demo data. */
export interface Domain {
  name: string;
  routes: (app: FastifyInstance) => Promise<void>;
  jobs?: Record<string, JobHandler>;
  /** Synthetic demo data, run in order on an empty database when NODE_ENV is not production. */
  seedDemo?: (db: Db) => Promise<void>;
}
