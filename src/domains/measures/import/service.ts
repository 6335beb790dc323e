import type { Readable } from "node:stream";
import { parse } from "csv-parse/sync";
import { and, eq, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../../platform/db/client";
import type { SectionDefinition } from "../../../seed/instruments/types";
import { findSchoolsByNcesIds, type Organisation } from "../../directory/service";
import { type AnswerProblem, checkSectionAnswers } from "../instruments/answers";
import { currentInstrument } from "../instruments/service";
import { participation, responses } from "../schema";

/**
 * Bulk census import: a state uploads many schools' profiles as CSV. Every row is checked and
 * reported; if any row is wrong nothing is written, otherwise every profile is written and
 * submitted in one transaction, with the same aggregates a submission keeps.
 */
export const MAX_IMPORT_ROWS = 100_000;
// Rows per statement: large enough to keep round trips few, under PostgreSQL's 65,535 parameters.
const CHUNK = 5000;

/** Largest census file accepted (upload or text/csv body); ~100,000 rows of a typical profile. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

/** The file went over MAX_IMPORT_BYTES: nothing was checked or written. */
export class ImportFileTooLarge extends Error {
  constructor() {
    super("The census file is larger than the import accepts.");
  }
}

/**
 * Reads an uploaded census file up to `maxBytes` and no further: a larger file stops the read
 * (ImportFileTooLarge). Multipart streams cut at their own limit say so with `truncated`.
 * Returns null when the bytes are not UTF-8 text.
 */
export async function readImportFile(
  stream: Readable & { truncated?: boolean },
  maxBytes = MAX_IMPORT_BYTES,
): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      stream.destroy();
      throw new ImportFileTooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  if (stream.truncated) throw new ImportFileTooLarge();
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    return null;
  }
}

/** Control characters other than tab and line breaks never belong in a census file. */
export function hasControlCharacters(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) return true;
  }
  return false;
}

export interface ImportProblem {
  /** 1-based line of the file (the header is line 1). */
  line: number;
  column: string;
  problem:
    | AnswerProblem["code"]
    | "missingNcesId"
    | "unknownSchool"
    | "otherState"
    | "duplicate"
    | "alreadyHasProfile"
    | "unknownColumn"
    | "empty"
    | "tooManyRows"
    | "unreadable";
}

export type ImportResult = { ok: true; imported: number } | { ok: false; problems: ImportProblem[] };

/** The header of a blank import file: the NCES ID and every profile item. */
export function importTemplateHeader(sections: SectionDefinition[]): string[] {
  return ["nces_id", ...sections.flatMap((s) => s.items.map((i) => i.key))];
}

function splitValue(type: string, raw: string): unknown {
  if (raw.trim() === "") return undefined;
  return type === "multi"
    ? raw
        .split(";")
        .map((v) => v.trim())
        .filter(Boolean)
    : raw.trim();
}

export async function importProfiles(
  db: Db,
  input: { actorId: string; state: Organisation; schoolYear: string; csv: string },
): Promise<ImportResult> {
  const instrument = await currentInstrument(db, "profile", "school");
  if (!instrument) return { ok: false, problems: [{ line: 1, column: "", problem: "unreadable" }] };
  let records: string[][];
  try {
    records = parse(input.csv, {
      skip_empty_lines: true,
      relax_column_count: false,
      trim: false,
      bom: true,
    }) as string[][];
  } catch {
    return { ok: false, problems: [{ line: 1, column: "", problem: "unreadable" }] };
  }
  const [header, ...rows] = records;
  if (!header || rows.length === 0)
    return { ok: false, problems: [{ line: 1, column: "", problem: "empty" }] };
  if (rows.length > MAX_IMPORT_ROWS)
    return { ok: false, problems: [{ line: 1, column: "", problem: "tooManyRows" }] };
  const items = new Map(
    instrument.sections.flatMap((s) => s.items.map((i) => [i.key, { item: i, section: s }])),
  );
  const problems: ImportProblem[] = header
    .filter((c) => c !== "nces_id" && !items.has(c))
    .map((c) => ({ line: 1, column: c, problem: "unknownColumn" as const }));
  const ncesColumn = header.indexOf("nces_id");
  if (ncesColumn < 0) problems.push({ line: 1, column: "nces_id", problem: "missingNcesId" });
  if (problems.length > 0) return { ok: false, problems };

  // Every school named in the file, and which of them already have this year's profile: two queries.
  const ncesIds = [...new Set(rows.map((r) => r[ncesColumn]!.trim()).filter(Boolean))];
  const schools = new Map<string, Pick<Organisation, "id" | "ancestorIds" | "enrollment">>();
  for (const f of await findSchoolsByNcesIds(db, ncesIds)) schools.set(f.ncesId!, f);
  const existing = new Set<string>();
  const schoolIds = [...schools.values()].map((s) => s.id);
  if (schoolIds.length > 0) {
    const found = await db
      .select({ organisationId: responses.organisationId })
      .from(responses)
      .where(
        and(
          sql`${responses.organisationId} = any(${sql.param(schoolIds)}::uuid[])`,
          eq(responses.instrumentKey, "profile"),
          eq(responses.schoolYear, input.schoolYear),
        ),
      );
    for (const f of found) existing.add(f.organisationId);
  }

  const seen = new Set<string>();
  const prepared: {
    schoolId: string;
    ancestorIds: string[];
    sections: Record<string, Record<string, unknown>>;
  }[] = [];
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
      const checked = checkSectionAnswers(
        instrument.sections.find((s) => s.key === sectionKey)!,
        answers,
        school.enrollment,
        "text",
      );
      if (!checked.ok)
        for (const [column, p] of Object.entries(checked.problems))
          problems.push({ line, column, problem: p.code });
      else sections[sectionKey] = checked.answers;
    }
    prepared.push({ schoolId: school.id, ancestorIds: school.ancestorIds, sections });
  }
  if (problems.length > 0) return { ok: false, problems };

  const now = new Date().toISOString();
  await db.transaction(async (tx) => {
    for (let i = 0; i < prepared.length; i += CHUNK) {
      const chunk = prepared.slice(i, i + CHUNK);
      // Set-based: one JSON parameter per chunk carries every row (no per-value parameters to build).
      const payload = JSON.stringify(
        chunk.map((p) => ({
          o: p.schoolId,
          s: p.sections,
          a: Object.assign({}, ...Object.values(p.sections)),
        })),
      );
      const inserted = await queryRows<{ n: number }>(
        tx,
        sql`with x as (select * from jsonb_to_recordset(${payload}::jsonb) as x(o uuid, s jsonb, a jsonb)),
             ins as (
               insert into responses (organisation_id, instrument_id, instrument_key, variant, school_year, time_point, status,
                                      created_by, created_at, submitted_at, submitted_by)
               select x.o, ${instrument.id}::uuid, 'profile', 'school', ${input.schoolYear}, 1, 'submitted',
                      ${input.actorId}::uuid, ${now}::timestamptz, ${now}::timestamptz, ${input.actorId}::uuid
                 from x
               returning id, organisation_id),
             sections as (
               insert into response_sections (response_id, section_key, version, answers, updated_by, updated_at)
               select ins.id, e.key, 1, e.value, ${input.actorId}::uuid, ${now}::timestamptz
                 from ins join x on x.o = ins.organisation_id cross join lateral jsonb_each(x.s) e),
             latest as (
               insert into latest_scores (organisation_id, instrument_key, variant, school_year, response_id, submitted_at, domain_scores, composite)
               select ins.organisation_id, 'profile', 'school', ${input.schoolYear}, ins.id, ${now}::timestamptz, '{}'::jsonb, null from ins),
             -- The same audit entries recordAudit writes (actor, action, response, school, answers), in the
             -- same statement: building 100,000 of them as query parameters took longer than the import.
             audit as (
               insert into audit_log (actor_id, action, entity_type, entity_id, scope_id, before, after)
               select ${input.actorId}::uuid, 'measures.profile.import', 'response', ins.id::text, ins.organisation_id, null, x.a
                 from ins join x on x.o = ins.organisation_id)
           select count(*)::int as n from ins`,
      );
      if (inserted[0]?.n !== chunk.length)
        throw new Error("Import wrote a different number of profiles than it checked.");
    }
    // Participation: every imported school counts once for each scope above it.
    const perScope = new Map<string, number>();
    for (const p of prepared)
      for (const scope of p.ancestorIds) perScope.set(scope, (perScope.get(scope) ?? 0) + 1);
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
          target: [
            participation.scopeId,
            participation.instrumentKey,
            participation.variant,
            participation.schoolYear,
          ],
          set: { organisations: sql`${participation.organisations} + excluded.organisations` },
        });
    }
  });
  return { ok: true, imported: prepared.length };
}
