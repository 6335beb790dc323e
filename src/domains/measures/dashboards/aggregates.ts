import { and, desc, eq, lt, sql } from "drizzle-orm";
import type { DbOrTx } from "../../../platform/db/client";
import type { InstrumentVariant } from "../../../seed/instruments/types";
import { currentInstrument, type Instrument } from "../instruments/service";
import { assessmentScores, latestScores, participation, scoreAggregates } from "../schema";
import {
  type Answers,
  type Cell,
  MIN_CELL_SIZE,
  meanCell,
  scoreAssessment,
  scoreSummary,
} from "../instruments/scoring";

export const COMPOSITE = "composite";

/**
 * Keeps the pre-computed figures current inside the submission's transaction: the response's own
 * scores, the organisation's latest scores for the year, running sums and counts for every scope
 * above it, and participation counts. Dashboards read these and never rescan answers.
 */
export async function updateAggregatesOnSubmit(
  tx: DbOrTx,
  input: {
    instrument: Instrument;
    responseId: string;
    organisationId: string;
    scopeIds: string[];
    schoolYear: string;
    submittedAt: Date;
    answers: Answers;
  },
): Promise<void> {
  const { instrument } = input;
  const key = { instrumentKey: instrument.key, variant: instrument.variant, schoolYear: input.schoolYear };
  const [previous] = await tx
    .select()
    .from(latestScores)
    .where(
      and(
        eq(latestScores.organisationId, input.organisationId),
        eq(latestScores.instrumentKey, key.instrumentKey),
        eq(latestScores.variant, key.variant),
        eq(latestScores.schoolYear, key.schoolYear),
      ),
    )
    .for("update");

  const summary =
    instrument.kind === "assessment"
      ? scoreSummary(scoreAssessment(instrument, input.answers))
      : { domainScores: {}, composite: null };
  const row = {
    ...key,
    responseId: input.responseId,
    organisationId: input.organisationId,
    submittedAt: input.submittedAt,
    ...summary,
  };
  if (instrument.kind === "assessment") await tx.insert(assessmentScores).values(row);
  await tx
    .insert(latestScores)
    .values(row)
    .onConflictDoUpdate({
      target: [
        latestScores.organisationId,
        latestScores.instrumentKey,
        latestScores.variant,
        latestScores.schoolYear,
      ],
      set: {
        responseId: row.responseId,
        submittedAt: row.submittedAt,
        domainScores: row.domainScores,
        composite: row.composite,
      },
    });

  const scopes = [...input.scopeIds].sort();
  if (scopes.length === 0) return;
  if (!previous) {
    await tx
      .insert(participation)
      .values(scopes.map((scopeId) => ({ scopeId, ...key, organisations: 1 })))
      .onConflictDoUpdate({
        target: [
          participation.scopeId,
          participation.instrumentKey,
          participation.variant,
          participation.schoolYear,
        ],
        set: { organisations: sql`${participation.organisations} + 1` },
      });
  }
  if (instrument.kind !== "assessment") return;

  // The organisation's new latest scores replace its old contribution.
  const before: Record<string, number | null> = {
    ...(previous?.domainScores ?? {}),
    [COMPOSITE]: previous?.composite ?? null,
  };
  const after: Record<string, number | null> = { ...summary.domainScores, [COMPOSITE]: summary.composite };
  const deltas = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .sort()
    .map((domainKey) => {
      const b = before[domainKey] ?? null;
      const a = after[domainKey] ?? null;
      return { domainKey, sum: (a ?? 0) - (b ?? 0), n: (a === null ? 0 : 1) - (b === null ? 0 : 1) };
    })
    .filter((d) => d.sum !== 0 || d.n !== 0);
  if (deltas.length === 0) return;
  // Rows in a fixed order, so concurrent submissions lock them in the same order.
  await tx
    .insert(scoreAggregates)
    .values(scopes.flatMap((scopeId) => deltas.map((d) => ({ scopeId, ...key, ...d }))))
    .onConflictDoUpdate({
      target: [
        scoreAggregates.scopeId,
        scoreAggregates.instrumentKey,
        scoreAggregates.variant,
        scoreAggregates.schoolYear,
        scoreAggregates.domainKey,
      ],
      set: { sum: sql`${scoreAggregates.sum} + excluded.sum`, n: sql`${scoreAggregates.n} + excluded.n` },
    });
}

export interface ScopeMeans {
  scopeId: string;
  /** Domain key (and "composite") → suppressed mean. */
  means: Record<string, Cell<number>>;
}

/** Suppressed means per domain for each scope, read from the running sums. */
export async function scopeMeans(
  db: DbOrTx,
  scopeIds: string[],
  instrumentKey: string,
  variant: InstrumentVariant,
  schoolYear: string,
  domainKeys: string[],
  /** Below this many schools a mean is hidden; 1 for people who may read every school in the scope. */
  minimum = MIN_CELL_SIZE,
): Promise<ScopeMeans[]> {
  if (scopeIds.length === 0) return [];
  const rows = await db
    .select()
    .from(scoreAggregates)
    .where(
      and(
        sql`${scoreAggregates.scopeId} = any(${sql.param(scopeIds)}::uuid[])`,
        eq(scoreAggregates.instrumentKey, instrumentKey),
        eq(scoreAggregates.variant, variant),
        eq(scoreAggregates.schoolYear, schoolYear),
      ),
    );
  const byKey = new Map(rows.map((r) => [`${r.scopeId}/${r.domainKey}`, r]));
  return scopeIds.map((scopeId) => ({
    scopeId,
    means: Object.fromEntries(
      [...domainKeys, COMPOSITE].map((domainKey) => {
        const r = byKey.get(`${scopeId}/${domainKey}`);
        return [domainKey, meanCell(r?.sum ?? 0, r?.n ?? 0, minimum)];
      }),
    ),
  }));
}

/** Raw running sums and counts (for the API; suppression is applied by the caller's presenter). */
export async function aggregateRows(db: DbOrTx, scopeId: string, schoolYear: string) {
  return db
    .select()
    .from(scoreAggregates)
    .where(and(eq(scoreAggregates.scopeId, scopeId), eq(scoreAggregates.schoolYear, schoolYear)));
}

export async function participationCounts(
  db: DbOrTx,
  scopeIds: string[],
  schoolYear: string,
): Promise<Map<string, { profile: number; quality: number }>> {
  const out = new Map<string, { profile: number; quality: number }>();
  if (scopeIds.length === 0) return out;
  const rows = await db
    .select()
    .from(participation)
    .where(
      and(
        sql`${participation.scopeId} = any(${sql.param(scopeIds)}::uuid[])`,
        eq(participation.schoolYear, schoolYear),
        eq(participation.variant, "school"),
      ),
    );
  for (const id of scopeIds) out.set(id, { profile: 0, quality: 0 });
  for (const r of rows) {
    const entry = out.get(r.scopeId)!;
    if (r.instrumentKey === "profile") entry.profile = r.organisations;
    if (r.instrumentKey === "quality") entry.quality = r.organisations;
  }
  return out;
}

/** Stored scores of one submitted response and of the same organisation's previous time point. */
export async function scoresWithPrevious(db: DbOrTx, responseId: string) {
  const [current] = await db
    .select()
    .from(assessmentScores)
    .where(eq(assessmentScores.responseId, responseId));
  if (!current) return null;
  const [previous] = await db
    .select()
    .from(assessmentScores)
    .where(
      and(
        eq(assessmentScores.organisationId, current.organisationId),
        eq(assessmentScores.instrumentKey, current.instrumentKey),
        eq(assessmentScores.variant, current.variant),
        lt(assessmentScores.submittedAt, current.submittedAt),
      ),
    )
    .orderBy(desc(assessmentScores.submittedAt))
    .limit(1);
  const [lastYear] = await db
    .select()
    .from(assessmentScores)
    .where(
      and(
        eq(assessmentScores.organisationId, current.organisationId),
        eq(assessmentScores.instrumentKey, current.instrumentKey),
        eq(assessmentScores.variant, current.variant),
        eq(assessmentScores.schoolYear, previousSchoolYear(current.schoolYear)),
      ),
    )
    .orderBy(desc(assessmentScores.submittedAt))
    .limit(1);
  return { current, previous: previous ?? null, lastYear: lastYear ?? null };
}

/** "2025-26" → "2024-25". */
export function previousSchoolYear(schoolYear: string): string {
  const start = Number(schoolYear.slice(0, 4)) - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, "0")}`;
}

/**
 * The quality assessment's running sums and counts (school variant) under a scope for every
 * school year on record, with the domains' titles: what census trends show as domain means.
 * Raw sums and n; the caller suppresses.
 */
export async function qualityDomainSumsByYear(
  db: DbOrTx,
  scopeId: string,
): Promise<{
  domains: { key: string; title: { en: string; es: string } }[];
  rows: { schoolYear: string; domainKey: string; sum: number; n: number }[];
}> {
  const instrument = await currentInstrument(db, "quality", "school");
  const rows = await db
    .select({
      schoolYear: scoreAggregates.schoolYear,
      domainKey: scoreAggregates.domainKey,
      sum: scoreAggregates.sum,
      n: scoreAggregates.n,
    })
    .from(scoreAggregates)
    .where(
      and(
        eq(scoreAggregates.scopeId, scopeId),
        eq(scoreAggregates.instrumentKey, "quality"),
        eq(scoreAggregates.variant, "school"),
      ),
    );
  const domains = (instrument?.sections ?? [])
    .filter((s) => s.scored)
    .map((s) => ({ key: s.key, title: s.title }));
  return { domains, rows };
}
