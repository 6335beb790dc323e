import { and, desc, eq, lt, sql } from "drizzle-orm";
import { recordAudit } from "../../../platform/audit";
import { users } from "../../../platform/auth/schema";
import type { Db, DbOrTx } from "../../../platform/db/client";
import type { InstrumentVariant } from "../../../seed/instruments/types";
import { getOrganisation, type Organisation } from "../../directory/service";
import {
  type AnswerProblem,
  type AnswerSource,
  changedAnswers,
  checkSectionAnswers,
} from "../instruments/answers";
import { submissionSummary } from "./submission";
import { updateAggregatesOnSubmit } from "../dashboards/aggregates";
import { scopesSharedWith } from "../sharing/service";
import { currentInstrument, getInstrument, type Instrument } from "../instruments/service";
import { responseSections, responses, type ResponseStatus } from "../schema";

/** "2025-26": the school year runs from July to June. */
export function schoolYearOf(date: Date): string {
  const start = date.getUTCMonth() >= 6 ? date.getUTCFullYear() : date.getUTCFullYear() - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, "0")}`;
}

export function isSchoolYear(value: string): boolean {
  const m = /^(\d{4})-(\d{2})$/.exec(value);
  return !!m && Number(m[1]) >= 2000 && Number(m[1]) <= 2100 && (Number(m[1]) + 1) % 100 === Number(m[2]);
}

export function previousSchoolYear(year: string): string {
  const start = Number(year.slice(0, 4)) - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, "0")}`;
}

/** Which variant of an instrument an organisation answers: schools the school one, districts theirs. */
export function variantFor(org: Pick<Organisation, "kind">): InstrumentVariant | null {
  return org.kind === "school" ? "school" : org.kind === "district" ? "district" : null;
}

export interface SectionState {
  version: number;
  answers: Record<string, unknown>;
  updatedBy: string | null;
  updatedByName: string | null;
  updatedAt: Date | null;
}

export interface ResponseView {
  id: string;
  organisationId: string;
  instrument: Instrument;
  schoolYear: string;
  timePoint: number;
  status: ResponseStatus;
  createdAt: Date;
  submittedAt: Date | null;
  sections: Record<string, SectionState>;
}

const EMPTY_SECTION: SectionState = {
  version: 0,
  answers: {},
  updatedBy: null,
  updatedByName: null,
  updatedAt: null,
};

export function allAnswers(response: Pick<ResponseView, "sections">): Record<string, unknown> {
  return Object.assign({}, ...Object.values(response.sections).map((s) => s.answers));
}

export function sectionState(response: ResponseView, sectionKey: string): SectionState {
  return response.sections[sectionKey] ?? EMPTY_SECTION;
}

export async function getResponse(db: DbOrTx, id: string): Promise<ResponseView | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db.select().from(responses).where(eq(responses.id, id));
  if (!row) return null;
  const instrument = await getInstrument(db, row.instrumentId);
  if (!instrument) return null;
  const sections = await db
    .select({
      sectionKey: responseSections.sectionKey,
      version: responseSections.version,
      answers: responseSections.answers,
      updatedBy: responseSections.updatedBy,
      updatedByName: users.name,
      updatedAt: responseSections.updatedAt,
    })
    .from(responseSections)
    .leftJoin(users, eq(users.id, responseSections.updatedBy))
    .where(eq(responseSections.responseId, id));
  return {
    id: row.id,
    organisationId: row.organisationId,
    instrument,
    schoolYear: row.schoolYear,
    timePoint: row.timePoint,
    status: row.status,
    createdAt: row.createdAt,
    submittedAt: row.submittedAt,
    sections: Object.fromEntries(sections.map((s) => [s.sectionKey, { ...s }])),
  };
}

export interface ResponseSummary {
  id: string;
  instrumentKey: string;
  instrumentVersion: number;
  schoolYear: string;
  timePoint: number;
  status: ResponseStatus;
  createdAt: Date;
  submittedAt: Date | null;
}

/** An organisation's responses, newest school year first. */
export async function listResponses(db: DbOrTx, organisationId: string): Promise<ResponseSummary[]> {
  const rows = await db
    .select()
    .from(responses)
    .where(eq(responses.organisationId, organisationId))
    .orderBy(desc(responses.schoolYear), desc(responses.timePoint));
  const instrumentsById = new Map<string, number>();
  for (const r of rows) {
    if (!instrumentsById.has(r.instrumentId))
      instrumentsById.set(r.instrumentId, (await getInstrument(db, r.instrumentId))?.version ?? 0);
  }
  return rows.map((r) => ({
    id: r.id,
    instrumentKey: r.instrumentKey,
    instrumentVersion: instrumentsById.get(r.instrumentId) ?? 0,
    schoolYear: r.schoolYear,
    timePoint: r.timePoint,
    status: r.status,
    createdAt: r.createdAt,
    submittedAt: r.submittedAt,
  }));
}

export class MeasuresError extends Error {
  constructor(
    public code: "notFound" | "noInstrument" | "locked" | "badYear" | "nothingRated",
    message: string,
  ) {
    super(message);
  }
}

/**
 * Opens the response an organisation should work on: the profile once per school year; an
 * assessment draft if one is open, else a new time point (several per year are allowed).
 */
export async function startResponse(
  db: Db,
  input: {
    actorId: string;
    organisation: Organisation;
    instrumentKey: "profile" | "quality";
    schoolYear: string;
  },
): Promise<{ id: string; created: boolean }> {
  if (!isSchoolYear(input.schoolYear))
    throw new MeasuresError("badYear", "School year must look like 2025-26.");
  const variant = variantFor(input.organisation);
  const instrument = variant ? await currentInstrument(db, input.instrumentKey, variant) : null;
  if (!variant || !instrument)
    throw new MeasuresError("noInstrument", "No instrument for this kind of organisation.");
  return db.transaction(async (tx) => {
    // Serialise starts for one organisation so two clicks never open two time points.
    await tx.execute(sql`select id from organisations where id = ${input.organisation.id} for update`);
    const existing = await tx
      .select({ id: responses.id, status: responses.status, timePoint: responses.timePoint })
      .from(responses)
      .where(
        and(
          eq(responses.organisationId, input.organisation.id),
          eq(responses.instrumentKey, input.instrumentKey),
          eq(responses.variant, variant),
          eq(responses.schoolYear, input.schoolYear),
        ),
      )
      .orderBy(desc(responses.timePoint));
    const open = existing.find((r) => r.status === "draft");
    if (open) return { id: open.id, created: false };
    if (instrument.kind === "profile" && existing.length > 0) return { id: existing[0]!.id, created: false };
    const [row] = await tx
      .insert(responses)
      .values({
        organisationId: input.organisation.id,
        instrumentId: instrument.id,
        instrumentKey: instrument.key,
        variant,
        schoolYear: input.schoolYear,
        timePoint: (existing[0]?.timePoint ?? 0) + 1,
        createdBy: input.actorId,
      })
      .returning({ id: responses.id });
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "measures.response.start",
      entityType: "response",
      entityId: row!.id,
      scopeId: input.organisation.id,
      after: {
        instrument: `${instrument.key}/${variant}/v${instrument.version}`,
        schoolYear: input.schoolYear,
      },
    });
    return { id: row!.id, created: true };
  });
}

export type SaveResult =
  | { status: "saved"; version: number; changed: boolean }
  | { status: "invalid"; problems: Record<string, AnswerProblem>; submitted: Record<string, unknown> }
  | { status: "conflict"; current: SectionState; yours: Record<string, unknown> };

/**
 * Replaces one section's answers if the caller saw its latest version; otherwise reports a
 * conflict with both sets of answers so nothing is silently overwritten. `source` says how the
 * answers were sent: form text, or JSON values that must already have their items' types.
 */
export async function saveSection(
  db: Db,
  input: {
    actorId: string;
    responseId: string;
    sectionKey: string;
    baseVersion: number;
    answers: Record<string, unknown>;
    source: AnswerSource;
  },
): Promise<SaveResult> {
  const response = await getResponse(db, input.responseId);
  const section = response?.instrument.sections.find((s) => s.key === input.sectionKey);
  if (!response || !section) throw new MeasuresError("notFound", "No such response or section.");
  if (response.status !== "draft")
    throw new MeasuresError("locked", "This time point has been submitted and is locked.");
  const organisation = await getOrganisation(db, response.organisationId);
  const checked = checkSectionAnswers(section, input.answers, organisation?.enrollment ?? null, input.source);
  if (!checked.ok) return { status: "invalid", problems: checked.problems, submitted: checked.submitted };

  return db.transaction(async (tx) => {
    const [locked] = await tx
      .execute(sql`select status from responses where id = ${input.responseId} for update`)
      .then((r) => (r as unknown as { rows: { status: ResponseStatus }[] }).rows);
    if (locked?.status !== "draft")
      throw new MeasuresError("locked", "This time point has been submitted and is locked.");
    const [row] = await tx
      .select()
      .from(responseSections)
      .where(
        and(
          eq(responseSections.responseId, input.responseId),
          eq(responseSections.sectionKey, input.sectionKey),
        ),
      )
      .for("update");
    const currentVersion = row?.version ?? 0;
    const currentAnswers = row?.answers ?? {};
    if (currentVersion !== input.baseVersion) {
      const [who] = row?.updatedBy
        ? await tx.select({ name: users.name }).from(users).where(eq(users.id, row.updatedBy))
        : [];
      return {
        status: "conflict",
        current: {
          version: currentVersion,
          answers: currentAnswers,
          updatedBy: row?.updatedBy ?? null,
          updatedByName: who?.name ?? null,
          updatedAt: row?.updatedAt ?? null,
        },
        yours: checked.answers,
      };
    }
    const diff = changedAnswers(currentAnswers, checked.answers);
    if (!diff) return { status: "saved", version: currentVersion, changed: false };
    const version = currentVersion + 1;
    await tx
      .insert(responseSections)
      .values({
        responseId: input.responseId,
        sectionKey: input.sectionKey,
        version,
        answers: checked.answers,
        updatedBy: input.actorId,
        updatedAt: new Date(),
      })
      .onConflictDoUpdate({
        target: [responseSections.responseId, responseSections.sectionKey],
        set: { version, answers: checked.answers, updatedBy: input.actorId, updatedAt: new Date() },
      });
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "measures.answers.change",
      entityType: "response",
      entityId: `${input.responseId}/${input.sectionKey}`,
      scopeId: response.organisationId,
      before: diff.before,
      after: diff.after,
    });
    return { status: "saved", version, changed: true };
  });
}

/**
 * Copies last school year's profile answers into this year's draft, for the sections still empty,
 * keeping only items that exist in this year's version.
 */
export async function copyForwardProfile(
  db: Db,
  input: { actorId: string; responseId: string },
): Promise<number> {
  const response = await getResponse(db, input.responseId);
  if (response?.instrument.kind !== "profile") throw new MeasuresError("notFound", "No such profile.");
  if (response.status !== "draft")
    throw new MeasuresError("locked", "This profile has been submitted and is locked.");
  const [previous] = await db
    .select({ id: responses.id })
    .from(responses)
    .where(
      and(
        eq(responses.organisationId, response.organisationId),
        eq(responses.instrumentKey, "profile"),
        lt(responses.schoolYear, response.schoolYear),
      ),
    )
    .orderBy(desc(responses.schoolYear), desc(responses.timePoint))
    .limit(1);
  if (!previous) return 0;
  const old = await getResponse(db, previous.id);
  if (!old) return 0;
  const oldAnswers = allAnswers(old);
  let copied = 0;
  for (const section of response.instrument.sections) {
    const state = sectionState(response, section.key);
    if (Object.keys(state.answers).length > 0) continue;
    const answers = Object.fromEntries(
      section.items.filter((i) => i.key in oldAnswers).map((i) => [i.key, oldAnswers[i.key]]),
    );
    if (Object.keys(answers).length === 0) continue;
    const result = await saveSection(db, {
      actorId: input.actorId,
      responseId: response.id,
      sectionKey: section.key,
      baseVersion: state.version,
      answers,
      // Stored answers already have their items' types.
      source: "json",
    });
    if (result.status === "saved" && result.changed) copied++;
  }
  return copied;
}

/**
 * Submits a time point: locks it, dates it, stores its scores and updates the running aggregates
 * of every scope above the organisation — all in one transaction.
 */
export async function submitResponse(
  db: Db,
  input: { actorId: string; responseId: string },
): Promise<ResponseView> {
  const response = await getResponse(db, input.responseId);
  if (!response) throw new MeasuresError("notFound", "No such response.");
  const organisation = await getOrganisation(db, response.organisationId);
  if (!organisation) throw new MeasuresError("notFound", "No such organisation.");
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(responses)
      .set({ status: "submitted", submittedAt: new Date(), submittedBy: input.actorId })
      .where(and(eq(responses.id, response.id), eq(responses.status, "draft")))
      .returning({ submittedAt: responses.submittedAt });
    if (updated.length === 0)
      throw new MeasuresError("locked", "This time point has already been submitted.");
    // Re-read the answers inside the transaction: the row lock above orders us after any save.
    const fresh = await tx
      .select({ answers: responseSections.answers })
      .from(responseSections)
      .where(eq(responseSections.responseId, response.id));
    const answers = Object.assign({}, ...fresh.map((f) => f.answers));
    if (!submissionSummary(response.instrument, answers).submittable)
      throw new MeasuresError(
        "nothingRated",
        "Rate at least one indicator before submitting the assessment.",
      );
    await updateAggregatesOnSubmit(tx, {
      instrument: response.instrument,
      responseId: response.id,
      organisationId: organisation.id,
      // Above its district only if the school shares its data that year.
      scopeIds: await scopesSharedWith(tx, organisation, response.schoolYear),
      schoolYear: response.schoolYear,
      submittedAt: updated[0]!.submittedAt!,
      answers,
    });
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "measures.response.submit",
      entityType: "response",
      entityId: response.id,
      scopeId: organisation.id,
      after: { schoolYear: response.schoolYear, timePoint: response.timePoint },
    });
  });
  return (await getResponse(db, response.id))!;
}

/** The latest response of each instrument key for a set of organisations in a school year. */
export async function responseStatuses(
  db: DbOrTx,
  organisationIds: string[],
  instrumentKey: string,
  schoolYear: string,
): Promise<Map<string, ResponseStatus>> {
  if (organisationIds.length === 0) return new Map();
  const rows = await db
    .select({ organisationId: responses.organisationId, status: responses.status })
    .from(responses)
    .where(
      and(
        // One array parameter instead of one per id: a large district has hundreds of schools.
        sql`${responses.organisationId} = any(${sql.param(organisationIds)}::uuid[])`,
        eq(responses.instrumentKey, instrumentKey),
        eq(responses.schoolYear, schoolYear),
      ),
    );
  const out = new Map<string, ResponseStatus>();
  for (const r of rows) if (out.get(r.organisationId) !== "submitted") out.set(r.organisationId, r.status);
  return out;
}
