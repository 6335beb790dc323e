import type { Db } from "../../src/platform/db/client";
import type { DatasetFacts } from "../generate/dataset";

/**
 * One row of the census-insights benchmark (issue 10): a capability adds a file in bench/insights/
 * exporting `cases: InsightsBenchCase[]`; the runner (bench/insights/run.ts) loads every such file,
 * runs each case on the 100,000-school PostgreSQL dataset and writes the figures into
 * docs/benchmarks.md.
 */
export interface InsightsBenchContext {
  db: Db;
  facts: DatasetFacts;
  /** Base URL of the app server under test, e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  /** The national admin the cases read as unless they say otherwise. */
  adminId: string;
}

export interface InsightsBenchCase {
  /** Row label in docs/benchmarks.md. */
  label: string;
  /**
   * "pages": 20 concurrent clients spread over `urls` (different states, districts, filters,
   * pages), p50/p95 reported. "download": each URL fetched whole, one at a time, seconds reported.
   */
  kind: "pages" | "download";
  targetP95Ms?: number;
  targetSeconds?: number;
  /**
   * The URLs, and whom they are read as: a user id (each client signs in as that person in a
   * session of its own), null for signed-out visitors, the national admin when absent.
   */
  prepare(ctx: InsightsBenchContext): Promise<{ urls: string[]; as?: string | null }>;
}
