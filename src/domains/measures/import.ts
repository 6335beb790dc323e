import { parse } from "csv-parse/sync";
import { and, eq, inArray, sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit";
import type { Db } from "../../platform/db/client";
import type { SectionDefinition } from "../../seed/instruments/types";
import { organisations } from "../directory/schema";
import type { Organisation } from "../directory/service";
import { type AnswerProblem, checkSectionAnswers } from "./answers";
import { currentInstrument } from "./instruments";
import { latestScores, participation, responseSections, responses } from "./schema";

/**
 * Bulk census import: a state uploads many schools' profiles as CSV. Every row is checked and
 * reported; if any row is wrong nothing is written, otherwise every profile is written and
 * submitted in one transaction, with the same aggregates a submission keeps.
 */
export const MAX_IMPORT_ROWS = 100_000;
// Rows per statement: large enough to keep round trips few, under PostgreSQL's 65,535 parameters.
const CHUNK = 5000;
const SECTION_CHUNK = 10_000;

export interface ImportProblem {
  /** 1-based line of the file (the header is line 1). */
  line: number;
  column: string;
  problem: AnswerProblem["code"] | "missingNcesId" | "unknownSchool" | "otherState" | "duplicate" | "alreadyHasProfile" | "unknownColumn" | "empty" | "tooManyRows" | "unreadable";
}

export type ImportResult = { ok: true; imported: number } | { ok: false; problems: ImportProblem[] };

/** The header of a blank import file: the NCES ID and every profile item. */
export function importTemplateHeader(sections: SectionDefinition[]): string[] {
  return ["nces_id", ...sections.flatMap((s) => s.items.map((i) => i.key))];
}

function splitValue(type: string, raw: string): unknown {
  if (raw.trim() === "") return undefined;
  return type === "multi" ? raw.split(";").map((v) => v.trim()).filter(Boolean) : raw.trim();
}

export async function importProfiles(
  db: Db,
  input: { actorId: string; state: Organisation; schoolYear: string; csv: string },
): Promise<ImportResult> {
  const instrument = await currentInstrument(db, "profile", "school");
  if (!instrument) return { ok: false, problems: [{ line: 1, column: "", problem: "unreadable" }] };
  let records: string[][];
  try {
    records = parse(input.csv, { skip_empty_lines: true, relax_column_count: false, trim: false, bom: true }) as string[][];
  } catch {
    return { ok: false, problems: [{ line: 1, column: "", problem: "unreadable" }] };
  }
  const [header, ...rows] = records;
  if (!header || rows.length === 0) return { ok: false, problems: [{ line: 1, column: "", problem: "empty" }] };
  if (rows.length > MAX_IMPORT_ROWS) return { ok: false, problems: [{ line: 1, column: "", problem: "tooManyRows" }] };
  const items = new Map(instrument.sections.flatMap((s) => s.items.map((i) => [i.key, { item: i, section: s }])));
  const problems: ImportProblem[] = header
    .filter((c) => c !== "nces_id" && !items.has(c))
    .map((c) => ({ line: 1, column: c, problem: "unknownColumn" as const }));
  const ncesColumn = header.indexOf("nces_id");
  if (ncesColumn < 0) problems.push({ line: 1, column: "nces_id", problem: "missingNcesId" });
  if (problems.length > 0) return { ok: false, problems };

  // Every school named in the file, in a few queries.
  const ncesIds = [...new Set(rows.map((r) => r[ncesColumn]!.trim()).filter(Boolean))];
  const schools = new Map<string, Pick<Organisation, "id" | "ancestorIds" | "enrollment">>();
  for (let i = 0; i < ncesIds.length; i += CHUNK) {
    const found = await db
      .select({ id: organisations.id, ncesId: organisations.ncesId, ancestorIds: organisations.ancestorIds, enrollment: organisations.enrollment })
      .from(organisations)
      .where(and(eq(organisations.kind, "school"), inArray(organisations.ncesId, ncesIds.slice(i, i + CHUNK))));
    for (const f of found) schools.set(f.ncesId!, f);
  }
  const existing = new Set<string>();
  const schoolIds = [...schools.values()].map((s) => s.id);
  for (let i = 0; i < schoolIds.length; i += CHUNK) {
    const found = await db
      .select({ organisationId: responses.organisationId })
      .from(responses)
      .where(
        and(
          inArray(responses.organisationId, schoolIds.slice(i, i + CHUNK)),
          eq(responses.instrumentKey, "profile"),
          eq(responses.schoolYear, input.schoolYear),
        ),
      );
    for (const f of found) existing.add(f.organisationId);
  }

  const seen = new Set<string>();
  const prepared: { schoolId: string; ancestorIds: string[]; sections: Record<string, Record<string, unknown>> }[] = [];
  for (const [index, row] of rows.entries()) {
    const line = index + 2;
    const nces = row[ncesColumn]!.trim();
    const school = schools.get(nces);
    const refusal: ImportProblem["problem"] | null = !nces
      ? "missingNcesId"
      : !school
        ? "unknownSchool"
        : !school.ancestorIds.includes(input.state.id)
          ? "otherState"
          : seen.has(nces)
            ? "duplicate"
            : existing.has(school.id)
              ? "alreadyHasProfile"
              : null;
    if (refusal || !school) {
      problems.push({ line, column: "nces_id", problem: refusal ?? "unknownSchool" });
      continue;
    }
    seen.add(nces);
    const bySection: Record<string, Record<string, unknown>> = {};
    header.forEach((column, c) => {
      const entry = items.get(column);
      const value = entry ? splitValue(entry.item.type, row[c] ?? "") : undefined;
      if (!entry || value === undefined) return;
      bySection[entry.section.key] = { ...bySection[entry.section.key], [column]: value };
    });
    const sections: Record<string, Record<string, unknown>> = {};
    for (const [sectionKey, answers] of Object.entries(bySection)) {
      const checked = checkSectionAnswers(instrument.sections.find((s) => s.key === sectionKey)!, answers, school.enrollment);
      if (!checked.ok) for (const [column, p] of Object.entries(checked.problems)) problems.push({ line, column, problem: p.code });
      else sections[sectionKey] = checked.answers;
    }
    prepared.push({ schoolId: school.id, ancestorIds: school.ancestorIds, sections });
  }
  if (problems.length > 0) return { ok: false, problems };

  const now = new Date();
  await db.transaction(async (tx) => {
    for (let i = 0; i < prepared.length; i += CHUNK) {
      const chunk = prepared.slice(i, i + CHUNK);
      const inserted = await tx
        .insert(responses)
        .values(
          chunk.map((p) => ({
            organisationId: p.schoolId,
            instrumentId: instrument.id,
            instrumentKey: "profile",
            variant: "school" as const,
            schoolYear: input.schoolYear,
            timePoint: 1,
            status: "submitted" as const,
            createdBy: input.actorId,
            submittedAt: now,
            submittedBy: input.actorId,
          })),
        )
        .returning({ id: responses.id, organisationId: responses.organisationId });
      const idOf = new Map(inserted.map((r) => [r.organisationId, r.id]));
      const sectionRows = chunk.flatMap((p) =>
        Object.entries(p.sections).map(([sectionKey, answers]) => ({
          responseId: idOf.get(p.schoolId)!,
          sectionKey,
          version: 1,
          answers,
          updatedBy: input.actorId,
          updatedAt: now,
        })),
      );
      for (let j = 0; j < sectionRows.length; j += SECTION_CHUNK) {
        await tx.insert(responseSections).values(sectionRows.slice(j, j + SECTION_CHUNK));
      }
      await tx.insert(latestScores).values(
        chunk.map((p) => ({
          organisationId: p.schoolId,
          instrumentKey: "profile",
          variant: "school" as const,
          schoolYear: input.schoolYear,
          responseId: idOf.get(p.schoolId)!,
          submittedAt: now,
          domainScores: {},
          composite: null,
        })),
      );
      await recordAudit(
        tx,
        chunk.map((p) => ({
          actorId: input.actorId,
          action: "measures.profile.import",
          entityType: "response",
          entityId: idOf.get(p.schoolId)!,
          scopeId: p.schoolId,
          after: Object.assign({}, ...Object.values(p.sections)),
        })),
      );
    }
    // Participation: every imported school counts once for each scope above it.
    const perScope = new Map<string, number>();
    for (const p of prepared) for (const scope of p.ancestorIds) perScope.set(scope, (perScope.get(scope) ?? 0) + 1);
    const scopeRows = [...perScope.entries()].sort(([a], [b]) => a.localeCompare(b));
    for (let i = 0; i < scopeRows.length; i += CHUNK) {
      await tx
        .insert(participation)
        .values(
          scopeRows.slice(i, i + CHUNK).map(([scopeId, n]) => ({
            scopeId,
            instrumentKey: "profile",
            variant: "school" as const,
            schoolYear: input.schoolYear,
            organisations: n,
          })),
        )
        .onConflictDoUpdate({
          target: [participation.scopeId, participation.instrumentKey, participation.variant, participation.schoolYear],
          set: { organisations: sql`${participation.organisations} + excluded.organisations` },
        });
    }
  });
  return { ok: true, imported: prepared.length };
}
