import { eq } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit";
import type { Db, DbOrTx } from "../../../platform/db/client";
import type { LibraryShelfResource } from "../../../platform/policy";
import { getNation } from "../../directory/service";
import { COMPARE_MAX, type MeasureFilters, type MeasureInput, RESERVED_SLUGS } from "./fields";
import { countMeasures, selectMeasureBySlug, selectMeasures, selectMeasuresBySlugs } from "./repo";
import { catalogueMeasures, LEVEL_KEYS, LEVELS, type Level, type MeasureRow } from "./schema";

export type { MeasureRow } from "./schema";
export { COMPARE_MAX } from "./fields";

/** The screening catalogue is on the national shelf: the nation team's leads (and admins) edit it. */
export async function nationalShelf(db: DbOrTx): Promise<LibraryShelfResource | null> {
  const nation = await getNation(db);
  return nation ? { id: nation.id, ancestorIds: [], community: null } : null;
}

export const listMeasures = (db: DbOrTx, filters: MeasureFilters = {}) => selectMeasures(db, filters);
export const findMeasure = (db: DbOrTx, slug: string) => selectMeasureBySlug(db, slug);
export const measureCount = (db: DbOrTx) => countMeasures(db);

/** The school levels a measure's ages reach. */
export function levelsOf(measure: Pick<MeasureRow, "ageMin" | "ageMax">): Level[] {
  return LEVEL_KEYS.filter((level) => {
    const [youngest, oldest] = LEVELS[level];
    return measure.ageMin <= oldest && measure.ageMax >= youngest;
  });
}

export type Comparison =
  | { ok: true; measures: MeasureRow[] }
  | { ok: false; problem: "tooFew" | "tooMany"; count: number }
  | { ok: false; problem: "unknown"; slugs: string[] };

/** Two to four measures, in the order asked, each named once. */
export async function compareMeasures(db: DbOrTx, asked: string[]): Promise<Comparison> {
  const slugs = [...new Set(asked)];
  if (slugs.length > COMPARE_MAX) return { ok: false, problem: "tooMany", count: slugs.length };
  if (slugs.length < 2) return { ok: false, problem: "tooFew", count: slugs.length };
  const found = new Map((await selectMeasuresBySlugs(db, slugs)).map((row) => [row.slug, row]));
  const unknown = slugs.filter((slug) => !found.has(slug));
  if (unknown.length > 0) return { ok: false, problem: "unknown", slugs: unknown };
  return { ok: true, measures: slugs.map((slug) => found.get(slug)!) };
}

/** Problems the schema cannot see, by field; the pages and the API word them. */
export type MeasureProblems = { slug?: "slugTaken"; ageMax?: "ageOrder" };

/** What the schema cannot say: ages in order, an address of its own that no page takes. */
export async function checkMeasure(
  db: DbOrTx,
  input: MeasureInput,
  current?: MeasureRow,
): Promise<MeasureProblems> {
  const problems: MeasureProblems = {};
  if (input.ageMin > input.ageMax) problems.ageMax = "ageOrder";
  if ((RESERVED_SLUGS as readonly string[]).includes(input.slug)) problems.slug = "slugTaken";
  else if (input.slug !== current?.slug && (await selectMeasureBySlug(db, input.slug)))
    problems.slug = "slugTaken";
  return problems;
}

export class MeasureCheckError extends Error {
  constructor(readonly problems: MeasureProblems) {
    super("The measure did not pass its checks.");
  }
}

const columnsOf = (input: MeasureInput) => ({
  slug: input.slug,
  shortName: input.shortName,
  name: input.name,
  publisher: input.publisher,
  summaryEn: input.summaryEn,
  summaryEs: input.summaryEs ?? null,
  focusAreas: input.focusAreas,
  purposes: input.purposes,
  reporters: input.reporters,
  languages: input.languages,
  ageMin: input.ageMin,
  ageMax: input.ageMax,
  items: input.items ?? null,
  minutes: input.minutes ?? null,
  cost: input.cost,
  obtainEn: input.obtainEn,
  obtainEs: input.obtainEs ?? null,
  obtainUrl: input.obtainUrl ?? null,
  evidenceEn: input.evidenceEn,
  evidenceEs: input.evidenceEs ?? null,
});

/** Adds a measure to the catalogue, with its audit record, checked inside the same transaction. */
export async function createMeasure(
  db: Db,
  args: { actorId: string; input: MeasureInput },
): Promise<MeasureRow> {
  return db.transaction(async (tx) => {
    const problems = await checkMeasure(tx, args.input);
    if (Object.keys(problems).length > 0) throw new MeasureCheckError(problems);
    const [row] = await tx
      .insert(catalogueMeasures)
      .values({ ...columnsOf(args.input), updatedBy: args.actorId })
      .returning();
    await recordAudit(tx, {
      actorId: args.actorId,
      action: "catalogue.measure.create",
      entityType: "catalogue_measure",
      entityId: row!.id,
      after: columnsOf(args.input),
    });
    return row!;
  });
}

/** Replaces a measure's fields (a new address included), with its audit record (before and after). */
export async function updateMeasure(
  db: Db,
  args: { actorId: string; measure: MeasureRow; input: MeasureInput },
): Promise<MeasureRow> {
  return db.transaction(async (tx) => {
    const problems = await checkMeasure(tx, args.input, args.measure);
    if (Object.keys(problems).length > 0) throw new MeasureCheckError(problems);
    const [row] = await tx
      .update(catalogueMeasures)
      .set({ ...columnsOf(args.input), updatedAt: new Date(), updatedBy: args.actorId })
      .where(eq(catalogueMeasures.id, args.measure.id))
      .returning();
    await recordAudit(tx, {
      actorId: args.actorId,
      action: "catalogue.measure.update",
      entityType: "catalogue_measure",
      entityId: args.measure.id,
      before: columnsOf(inputOf(args.measure)),
      after: columnsOf(args.input),
    });
    return row!;
  });
}

/** A stored measure as the form's input (what the edit form starts from). */
export function inputOf(row: MeasureRow): MeasureInput {
  return {
    slug: row.slug,
    shortName: row.shortName,
    name: row.name,
    publisher: row.publisher,
    summaryEn: row.summaryEn,
    summaryEs: row.summaryEs ?? undefined,
    focusAreas: row.focusAreas,
    purposes: row.purposes,
    reporters: row.reporters,
    languages: row.languages,
    ageMin: row.ageMin,
    ageMax: row.ageMax,
    items: row.items ?? undefined,
    minutes: row.minutes ?? undefined,
    cost: row.cost,
    obtainEn: row.obtainEn,
    obtainEs: row.obtainEs ?? undefined,
    obtainUrl: row.obtainUrl ?? undefined,
    evidenceEn: row.evidenceEn,
    evidenceEs: row.evidenceEs ?? undefined,
  };
}
