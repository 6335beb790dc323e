import { and, asc, eq } from "drizzle-orm";
import type { DbOrTx } from "../../../platform/db/client";
import {
  improvementAnnotations,
  improvementAstronomicalPoints,
  improvementLimitPhases,
  improvementMeasures,
  improvementMeasureValues,
} from "./schema";

/** The charts capability's queries; no rules in here. */
export type MeasureRow = typeof improvementMeasures.$inferSelect;
export type NewMeasureRow = typeof improvementMeasures.$inferInsert;
export type ValueRowStored = typeof improvementMeasureValues.$inferSelect;
export type AnnotationRow = typeof improvementAnnotations.$inferSelect;
export type PhaseRow = typeof improvementLimitPhases.$inferSelect;
export type AstronomicalRow = typeof improvementAstronomicalPoints.$inferSelect;

export async function measureById(db: DbOrTx, id: string): Promise<MeasureRow | null> {
  const [row] = await db.select().from(improvementMeasures).where(eq(improvementMeasures.id, id));
  return row ?? null;
}

export function measuresOfProject(db: DbOrTx, projectId: string): Promise<MeasureRow[]> {
  return db
    .select()
    .from(improvementMeasures)
    .where(eq(improvementMeasures.projectId, projectId))
    .orderBy(asc(improvementMeasures.createdAt));
}

export async function insertMeasure(db: DbOrTx, row: NewMeasureRow): Promise<MeasureRow> {
  const [inserted] = await db.insert(improvementMeasures).values(row).returning();
  return inserted as MeasureRow;
}

export async function updateMeasureRow(
  db: DbOrTx,
  id: string,
  fields: Partial<NewMeasureRow>,
): Promise<MeasureRow> {
  const [updated] = await db
    .update(improvementMeasures)
    .set({ ...fields, updatedAt: new Date() })
    .where(eq(improvementMeasures.id, id))
    .returning();
  return updated as MeasureRow;
}

export function valuesOf(db: DbOrTx, measureId: string): Promise<ValueRowStored[]> {
  return db
    .select()
    .from(improvementMeasureValues)
    .where(eq(improvementMeasureValues.measureId, measureId))
    .orderBy(asc(improvementMeasureValues.periodStart));
}

export async function upsertValue(
  db: DbOrTx,
  row: {
    measureId: string;
    periodStart: string;
    value: number;
    denominator: number | null;
    enteredBy: string;
  },
) {
  await db
    .insert(improvementMeasureValues)
    .values({ ...row, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: [improvementMeasureValues.measureId, improvementMeasureValues.periodStart],
      set: {
        value: row.value,
        denominator: row.denominator,
        enteredBy: row.enteredBy,
        updatedAt: new Date(),
      },
    });
}

export async function deleteValue(db: DbOrTx, measureId: string, periodStart: string) {
  await db
    .delete(improvementMeasureValues)
    .where(
      and(
        eq(improvementMeasureValues.measureId, measureId),
        eq(improvementMeasureValues.periodStart, periodStart),
      ),
    );
}

export function annotationsOf(db: DbOrTx, measureId: string): Promise<AnnotationRow[]> {
  return db
    .select()
    .from(improvementAnnotations)
    .where(eq(improvementAnnotations.measureId, measureId))
    .orderBy(asc(improvementAnnotations.onDate), asc(improvementAnnotations.createdAt));
}

export async function insertAnnotation(
  db: DbOrTx,
  row: { measureId: string; onDate: string; text: string; createdBy: string },
): Promise<AnnotationRow> {
  const [inserted] = await db.insert(improvementAnnotations).values(row).returning();
  return inserted as AnnotationRow;
}

export function phasesOf(db: DbOrTx, measureId: string): Promise<PhaseRow[]> {
  return db
    .select()
    .from(improvementLimitPhases)
    .where(eq(improvementLimitPhases.measureId, measureId))
    .orderBy(asc(improvementLimitPhases.fromPeriod), asc(improvementLimitPhases.createdAt));
}

export async function insertPhase(
  db: DbOrTx,
  row: typeof improvementLimitPhases.$inferInsert,
): Promise<PhaseRow> {
  const [inserted] = await db.insert(improvementLimitPhases).values(row).returning();
  return inserted as PhaseRow;
}

export function astronomicalOf(db: DbOrTx, measureId: string): Promise<AstronomicalRow[]> {
  return db
    .select()
    .from(improvementAstronomicalPoints)
    .where(eq(improvementAstronomicalPoints.measureId, measureId))
    .orderBy(asc(improvementAstronomicalPoints.periodStart));
}

export async function upsertAstronomical(
  db: DbOrTx,
  row: { measureId: string; periodStart: string; note: string; markedBy: string },
) {
  await db
    .insert(improvementAstronomicalPoints)
    .values(row)
    .onConflictDoUpdate({
      target: [improvementAstronomicalPoints.measureId, improvementAstronomicalPoints.periodStart],
      set: { note: row.note, markedBy: row.markedBy, markedAt: new Date() },
    });
}

export async function deleteAstronomical(
  db: DbOrTx,
  measureId: string,
  periodStart: string,
): Promise<boolean> {
  const deleted = await db
    .delete(improvementAstronomicalPoints)
    .where(
      and(
        eq(improvementAstronomicalPoints.measureId, measureId),
        eq(improvementAstronomicalPoints.periodStart, periodStart),
      ),
    )
    .returning();
  return deleted.length > 0;
}
