import { recordAudit } from "../../../platform/audit";
import type { Db, DbOrTx } from "../../../platform/db/client";
import type { Locale } from "../../../platform/i18n";
import { getOrganisation } from "../../directory/service";
import {
  allAnswers,
  currentInstrument,
  getResponse,
  listResponses,
  scoreAssessment,
  variantFor,
} from "../../measures/service";
import type { Project } from "../plans/service";
import { type ChartRequest, type MeasureChart, measureChart } from "./chart-data";
import { projectCycles } from "./cycles-link";
import * as repo from "./repo";
import type { MeasureRow } from "./repo";
import type { RunRuleSet } from "./spc";
import { type RowProblem, type ValueRow, checkRows, periodStartOf } from "./values";
import type { PeriodData } from "./views/chart-model";

export type Measure = MeasureRow;
export type { RowProblem, ValueRow } from "./values";
export { measureById as getMeasure, measuresOfProject as listMeasures } from "./repo";

/** The quality assessment: its domains' scores can be a project's outcome measures. */
export const QUALITY_INSTRUMENT = "quality";

export type ChartsProblem =
  | "baselineFrozen"
  | "baselineRange"
  | "dateInvalid"
  | "periodInvalid"
  | "noSuchPoint"
  | "cycleNotInProject"
  | "notEntered"
  | "typeLocked"
  | "domainUnknown";

/** A refused change, named so pages and the API can say which field is wrong. */
export class ChartsError extends Error {
  constructor(
    public code: ChartsProblem,
    public field: string,
  ) {
    super(code);
  }
}

export interface MeasureInput {
  name: string;
  kind: "outcome" | "process" | "balancing";
  type: "count" | "proportion" | "rate" | "mean";
  period: "week" | "month";
  definition: string;
  numeratorLabel?: string | null;
  denominatorLabel?: string | null;
  perUnits?: number | null;
  goal?: number | null;
  countChart?: "c" | "xmr" | null;
  ruleSet?: RunRuleSet | null;
}

const AUDIT_ENTITY = "improvement_measure";

function definitionOf(input: MeasureInput) {
  const ratio = input.type === "proportion" || input.type === "rate";
  return {
    name: input.name,
    kind: input.kind,
    type: input.type,
    period: input.period,
    definition: input.definition,
    numeratorLabel: ratio ? (input.numeratorLabel ?? null) : null,
    denominatorLabel: ratio ? (input.denominatorLabel ?? null) : null,
    perUnits: input.type === "rate" ? (input.perUnits ?? 1) : 1,
    goal: input.goal ?? null,
    countChart: input.countChart ?? "c",
    ruleSet: input.ruleSet ?? "perla",
  };
}

export async function createMeasure(
  db: Db,
  actorId: string,
  project: Project,
  input: MeasureInput,
): Promise<Measure> {
  return db.transaction(async (tx) => {
    const measure = await repo.insertMeasure(tx, {
      ...definitionOf(input),
      projectId: project.id,
      createdBy: actorId,
    });
    await recordAudit(tx, {
      actorId,
      action: "improvement.measure.create",
      entityType: AUDIT_ENTITY,
      entityId: measure.id,
      scopeId: project.organisationId,
      after: measure,
    });
    return measure;
  });
}

/** The scored domains of the quality assessment for the team's kind (school or district). */
export async function assessmentDomains(
  db: DbOrTx,
  organisationId: string,
): Promise<Array<{ key: string; title: { en: string; es: string } }>> {
  const team = await getOrganisation(db, organisationId);
  const variant = team ? variantFor(team) : null;
  const instrument = variant ? await currentInstrument(db, QUALITY_INSTRUMENT, variant) : null;
  return (instrument?.sections ?? []).filter((s) => s.scored).map((s) => ({ key: s.key, title: s.title }));
}

/** A quality-assessment domain score as an outcome measure: each submitted time point is a point. */
export async function addDomainScoreMeasure(
  db: Db,
  actorId: string,
  project: Project,
  input: { domainKey: string; goal?: number | null },
  locale: Locale,
): Promise<Measure> {
  const domains = await assessmentDomains(db, project.organisationId);
  const domain = domains.find((d) => d.key === input.domainKey);
  if (!domain) throw new ChartsError("domainUnknown", "domainKey");
  const title = domain.title[locale];
  return db.transaction(async (tx) => {
    const measure = await repo.insertMeasure(tx, {
      ...definitionOf({
        name: title,
        kind: "outcome",
        type: "mean",
        period: "month",
        definition:
          locale === "es"
            ? `Puntaje del dominio "${title}" de la evaluación de calidad del equipo (promedio de sus indicadores en la escala de 1 a 6), en cada punto de evaluación enviado.`
            : `The team's quality-assessment score for the domain "${title}" (the mean of its indicators on the 1–6 scale), at each submitted time point.`,
        goal: input.goal ?? null,
      }),
      source: "assessment",
      instrumentKey: QUALITY_INSTRUMENT,
      domainKey: domain.key,
      projectId: project.id,
      createdBy: actorId,
    });
    await recordAudit(tx, {
      actorId,
      action: "improvement.measure.create",
      entityType: AUDIT_ENTITY,
      entityId: measure.id,
      scopeId: project.organisationId,
      after: measure,
    });
    return measure;
  });
}

export async function updateMeasure(
  db: Db,
  actorId: string,
  project: Project,
  measure: Measure,
  input: MeasureInput,
): Promise<Measure> {
  const next = definitionOf(input);
  if (measure.source === "assessment") {
    // A domain score is what the assessment says it is: only its name, goal and rules change.
    Object.assign(next, {
      kind: measure.kind,
      type: measure.type,
      period: measure.period,
      definition: measure.definition,
    });
  } else if (next.type !== measure.type || next.period !== measure.period) {
    const values = await repo.valuesOf(db, measure.id);
    if (values.length > 0)
      throw new ChartsError("typeLocked", next.type !== measure.type ? "type" : "period");
  }
  return db.transaction(async (tx) => {
    const updated = await repo.updateMeasureRow(tx, measure.id, next);
    await recordAudit(tx, {
      actorId,
      action: "improvement.measure.update",
      entityType: AUDIT_ENTITY,
      entityId: measure.id,
      scopeId: project.organisationId,
      before: measure,
      after: updated,
    });
    return updated;
  });
}

/**
 * Saves a batch of period values — one from the form, or every row of a file — all or nothing:
 * any bad row refuses the batch with every problem listed and nothing written.
 */
export async function saveValues(
  db: Db,
  actorId: string,
  project: Project,
  measure: Measure,
  rows: readonly ValueRow[],
  today = new Date(),
): Promise<{ ok: true; saved: number } | { ok: false; problems: RowProblem[] }> {
  if (measure.source !== "entered") throw new ChartsError("notEntered", "period");
  const checked = checkRows(rows, { type: measure.type, period: measure.period }, today);
  if (!checked.ok) return checked;
  await db.transaction(async (tx) => {
    const before = new Map((await repo.valuesOf(tx, measure.id)).map((v) => [v.periodStart, v]));
    for (const row of checked.rows) {
      await repo.upsertValue(tx, { measureId: measure.id, ...row, enteredBy: actorId });
    }
    await recordAudit(
      tx,
      checked.rows.map((row) => {
        const old = before.get(row.periodStart);
        return {
          actorId,
          action: old ? "improvement.measure.value.update" : "improvement.measure.value.add",
          entityType: AUDIT_ENTITY,
          entityId: measure.id,
          scopeId: project.organisationId,
          before: old
            ? { periodStart: old.periodStart, value: old.value, denominator: old.denominator }
            : null,
          after: row,
        };
      }),
    );
  });
  return { ok: true, saved: checked.rows.length };
}

export async function removeValue(
  db: Db,
  actorId: string,
  project: Project,
  measure: Measure,
  period: string,
) {
  const start = periodStartOf(period, measure.period);
  const existing = (await repo.valuesOf(db, measure.id)).find((v) => v.periodStart === start);
  if (!start || !existing) throw new ChartsError("noSuchPoint", "period");
  await db.transaction(async (tx) => {
    await repo.deleteValue(tx, measure.id, start);
    await recordAudit(tx, {
      actorId,
      action: "improvement.measure.value.remove",
      entityType: AUDIT_ENTITY,
      entityId: measure.id,
      scopeId: project.organisationId,
      before: { periodStart: existing.periodStart, value: existing.value, denominator: existing.denominator },
    });
  });
}

/** The measure's points in time order: entered values, or the team's submitted assessments' domain scores. */
export async function measureSeries(db: DbOrTx, project: Project, measure: Measure): Promise<PeriodData[]> {
  if (measure.source === "assessment") return domainScoreSeries(db, project.organisationId, measure);
  const values = await repo.valuesOf(db, measure.id);
  return values.map((v) => ({
    start: v.periodStart,
    value: v.denominator ? v.value / v.denominator : v.value,
    numerator: v.denominator !== null ? v.value : null,
    denominator: v.denominator,
  }));
}

async function domainScoreSeries(
  db: DbOrTx,
  organisationId: string,
  measure: Measure,
): Promise<PeriodData[]> {
  const submitted = (await listResponses(db, organisationId)).filter(
    (r) =>
      r.instrumentKey === (measure.instrumentKey ?? QUALITY_INSTRUMENT) &&
      r.status === "submitted" &&
      r.submittedAt,
  );
  const byMonth = new Map<string, { at: number; value: number }>();
  for (const summary of submitted) {
    const response = await getResponse(db, summary.id);
    if (!response?.submittedAt) continue;
    const domain = scoreAssessment(response.instrument, allAnswers(response)).domains.find(
      (d) => d.key === measure.domainKey,
    );
    if (domain?.status !== "scored") continue;
    const month = `${response.submittedAt.toISOString().slice(0, 7)}-01`;
    const at = response.submittedAt.getTime();
    const kept = byMonth.get(month);
    // Two time points submitted in one month: the later one stands for the month.
    if (!kept || kept.at < at) byMonth.set(month, { at, value: domain.score });
  }
  return [...byMonth.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([start, { value }]) => ({ start, value, numerator: null, denominator: null }));
}

/** A real day of the calendar (YYYY-MM-DD): 2026-02-31 is not one. */
export function isCalendarDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && periodStartOf(value, "week") !== null;
}

/** Freezes the baseline: the periods the centre line and limits come from. Set once. */
export async function freezeBaseline(
  db: Db,
  actorId: string,
  project: Project,
  measure: Measure,
  range: { from: string; to: string },
): Promise<Measure> {
  if (measure.baselineTo) throw new ChartsError("baselineFrozen", "to");
  const from = periodStartOf(range.from, measure.period);
  const to = periodStartOf(range.to, measure.period);
  if (!from) throw new ChartsError("periodInvalid", "from");
  if (!to) throw new ChartsError("periodInvalid", "to");
  const series = await measureSeries(db, project, measure);
  const inside = series.filter((p) => p.start >= from && p.start <= to);
  if (to < from || inside.length < 2) throw new ChartsError("baselineRange", "to");
  return db.transaction(async (tx) => {
    const updated = await repo.updateMeasureRow(tx, measure.id, {
      baselineFrom: from,
      baselineTo: to,
      baselineFrozenBy: actorId,
      baselineFrozenAt: new Date(),
    });
    await recordAudit(tx, {
      actorId,
      action: "improvement.measure.baseline.freeze",
      entityType: AUDIT_ENTITY,
      entityId: measure.id,
      scopeId: project.organisationId,
      after: { baselineFrom: from, baselineTo: to, points: inside.length },
    });
    return updated;
  });
}

/**
 * New limits from a period on, only with a recorded reason linked to a PDSA cycle of the project
 * or, when none is named, to an annotation written from the reason at that period.
 */
export async function recomputeLimits(
  db: Db,
  actorId: string,
  project: Project,
  measure: Measure,
  input: { fromPeriod: string; baselineTo?: string | null; reason: string; cycleId?: string | null },
) {
  const from = periodStartOf(input.fromPeriod, measure.period);
  if (!from) throw new ChartsError("periodInvalid", "fromPeriod");
  const baselineTo = input.baselineTo ? periodStartOf(input.baselineTo, measure.period) : null;
  if (input.baselineTo && !baselineTo) throw new ChartsError("periodInvalid", "baselineTo");
  if (baselineTo && baselineTo < from) throw new ChartsError("baselineRange", "baselineTo");
  const series = await measureSeries(db, project, measure);
  if (!series.some((p) => p.start === from) || series[0]?.start === from) {
    throw new ChartsError("noSuchPoint", "fromPeriod");
  }
  if (input.cycleId) {
    const cycles = await projectCycles(db, project.id);
    if (!cycles.some((c) => c.id === input.cycleId)) throw new ChartsError("cycleNotInProject", "cycleId");
  }
  return db.transaction(async (tx) => {
    const annotation = input.cycleId
      ? null
      : await repo.insertAnnotation(tx, {
          measureId: measure.id,
          onDate: from,
          text: input.reason,
          createdBy: actorId,
        });
    const phase = await repo.insertPhase(tx, {
      measureId: measure.id,
      fromPeriod: from,
      baselineTo,
      reason: input.reason,
      cycleId: input.cycleId ?? null,
      annotationId: annotation?.id ?? null,
      createdBy: actorId,
    });
    await recordAudit(tx, {
      actorId,
      action: "improvement.measure.limits.recompute",
      entityType: AUDIT_ENTITY,
      entityId: measure.id,
      scopeId: project.organisationId,
      after: phase,
    });
    return phase;
  });
}

export async function addAnnotation(
  db: Db,
  actorId: string,
  project: Project,
  measure: Measure,
  input: { onDate: string; text: string },
) {
  if (!isCalendarDate(input.onDate)) throw new ChartsError("dateInvalid", "onDate");
  return db.transaction(async (tx) => {
    const annotation = await repo.insertAnnotation(tx, {
      measureId: measure.id,
      ...input,
      createdBy: actorId,
    });
    await recordAudit(tx, {
      actorId,
      action: "improvement.measure.annotate",
      entityType: AUDIT_ENTITY,
      entityId: measure.id,
      scopeId: project.organisationId,
      after: annotation,
    });
    return annotation;
  });
}

/** A person's judgement that a point is astronomical (or, with `astronomical` false, takes it back). */
export async function markAstronomical(
  db: Db,
  actorId: string,
  project: Project,
  measure: Measure,
  input: { period: string; astronomical: boolean; note?: string | null },
) {
  const start = periodStartOf(input.period, measure.period);
  const series = await measureSeries(db, project, measure);
  if (!start || !series.some((p) => p.start === start)) throw new ChartsError("noSuchPoint", "period");
  await db.transaction(async (tx) => {
    if (input.astronomical) {
      await repo.upsertAstronomical(tx, {
        measureId: measure.id,
        periodStart: start,
        note: input.note ?? "",
        markedBy: actorId,
      });
    } else if (!(await repo.deleteAstronomical(tx, measure.id, start))) {
      throw new ChartsError("noSuchPoint", "period");
    }
    await recordAudit(tx, {
      actorId,
      action: input.astronomical
        ? "improvement.measure.astronomical.mark"
        : "improvement.measure.astronomical.unmark",
      entityType: AUDIT_ENTITY,
      entityId: measure.id,
      scopeId: project.organisationId,
      after: { periodStart: start, note: input.note ?? null },
    });
  });
}

export interface MeasureChartData {
  measure: Measure;
  series: PeriodData[];
  chart: MeasureChart;
  annotations: repo.AnnotationRow[];
  phases: repo.PhaseRow[];
  astronomical: repo.AstronomicalRow[];
  cycles: Array<{ id: string; title: string; startsOn: string | null }>;
}

/** Everything a measure's chart page, its CSV and its API answer show. */
export async function measureChartData(
  db: DbOrTx,
  project: Project,
  measure: Measure,
  request: ChartRequest,
  rules: RunRuleSet | undefined,
  locale: Locale,
): Promise<MeasureChartData> {
  const [series, annotations, phases, astronomical, cycles] = await Promise.all([
    measureSeries(db, project, measure),
    repo.annotationsOf(db, measure.id),
    repo.phasesOf(db, measure.id),
    repo.astronomicalOf(db, measure.id),
    projectCycles(db, project.id),
  ]);
  const chart = measureChart(
    {
      type: measure.type,
      period: measure.period,
      perUnits: measure.perUnits,
      goal: measure.goal,
      countChart: measure.countChart,
      ruleSet: measure.ruleSet,
      baselineFrom: measure.baselineFrom,
      baselineTo: measure.baselineTo,
      series,
      astronomical: astronomical.map((a) => a.periodStart),
      phases: phases.map((p) => ({ fromPeriod: p.fromPeriod, baselineTo: p.baselineTo })),
      annotations: annotations.map((a) => ({ onDate: a.onDate, text: a.text })),
      cycles,
    },
    request,
    rules,
    locale,
  );
  return { measure, series, chart, annotations, phases, astronomical, cycles };
}
