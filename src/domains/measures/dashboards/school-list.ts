import { sql } from "drizzle-orm";
import { type DbOrTx, queryRows } from "../../../platform/db/client";
import type { ScoreBand } from "../../../seed/instruments/types";
import { ORDERED_GRADES, type Organisation } from "../../directory/service";
import { bandFor } from "../instruments/scoring";
import { currentInstrument } from "../instruments/service";
import type { ResponseStatus } from "../schema";
import { COMPOSITE } from "./aggregates";

/** Where a school is, from the first digit of its NCES locale code. */
export const PLACES = ["city", "suburb", "town", "rural"] as const;
export type Place = (typeof PLACES)[number];
/** A school's level, from its grade span. */
export const LEVELS = ["elementary", "middle", "high", "other"] as const;
export type Level = (typeof LEVELS)[number];
export const STATUSES = ["notStarted", "draft", "submitted"] as const;
export type Status = (typeof STATUSES)[number];
export const SORTS = ["name", "district", "enrollment", "lastSubmission", "band"] as const;

/** One school below a district or state team, as its school list shows it. */
export interface ListedSchool {
  id: string;
  name: string;
  ncesId: string | null;
  districtId: string | null;
  districtName: string | null;
  place: Place | null;
  level: Level | null;
  enrollment: number | null;
  profile: Status;
  assessment: Status;
  /** The latest submission of this school year, profile or assessment. */
  lastSubmission: Date | null;
  /** Latest domain scores and composite of the school's assessment this year. */
  scores: Record<string, number | null>;
  /** Band of the composite score, or null without one. */
  band: string | null;
}

export interface SchoolList {
  domains: { key: string; title: { en: string; es: string } }[];
  bands: ScoreBand[];
  /** Every school below the scope, by name. */
  schools: ListedSchool[];
  /** The districts the schools are in (for the district filter), by name. */
  districts: { id: string; name: string }[];
}

export interface SchoolFilters {
  q?: string;
  district?: string;
  place?: Place;
  level?: Level;
  /** A band key of the composite score, or "none" for schools without one. */
  band?: string;
  profile?: Status;
  assessment?: Status;
  /** "name", "district", "enrollment", "lastSubmission", "band" or a domain key / "composite". */
  sort?: string;
  dir?: "asc" | "desc";
}

const GRADE_ORDER: readonly string[] = ORDERED_GRADES;

/** Elementary ends by grade 6, middle runs within 5–9, high starts at 9 or later; anything else spans levels. */
export function levelOf(low: string | null, high: string | null): Level | null {
  const lo = low ? GRADE_ORDER.indexOf(low) : -1;
  const hi = high ? GRADE_ORDER.indexOf(high) : -1;
  if (lo < 0 || hi < 0) return null;
  const grade = (i: number) => i - 1; // "01" is index 2
  if (grade(lo) >= 9) return "high";
  if (grade(hi) <= 6) return "elementary";
  if (grade(lo) >= 5 && grade(hi) <= 9) return "middle";
  return "other";
}

export function placeOf(localeCode: string | null): Place | null {
  const first = localeCode?.[0];
  return first === "1"
    ? "city"
    : first === "2"
      ? "suburb"
      : first === "3"
        ? "town"
        : first === "4"
          ? "rural"
          : null;
}

/**
 * Every school below a district or state with its profile and assessment status, last submission
 * and latest scores for a school year: three reads in parallel, found through the scope's
 * ancestors index, joined in memory (a state of 10,000 schools is a few MB).
 */
export async function schoolsUnder(db: DbOrTx, scope: Organisation, schoolYear: string): Promise<SchoolList> {
  const under = sql`o.kind = 'school' and o.ancestor_ids @> array[${scope.id}]::uuid[]`;
  const [instrument, schools, statusRows, scoreRows] = await Promise.all([
    currentInstrument(db, "quality", "school"),
    queryRows<{
      id: string;
      name: string;
      ncesId: string | null;
      districtId: string | null;
      districtName: string | null;
      localeCode: string | null;
      gradeLow: string | null;
      gradeHigh: string | null;
      enrollment: number | null;
    }>(
      db,
      sql`select o.id, o.name, o.nces_id as "ncesId", o.parent_id as "districtId", d.name as "districtName",
                 o.locale_code as "localeCode", o.grade_low as "gradeLow", o.grade_high as "gradeHigh", o.enrollment
            from organisations o left join organisations d on d.id = o.parent_id and d.kind = 'district'
           where ${under} order by o.name, o.id`,
    ),
    queryRows<{
      organisationId: string;
      instrumentKey: string;
      status: ResponseStatus;
      submittedAt: Date | string | null;
    }>(
      db,
      sql`select x.organisation_id as "organisationId", x.instrument_key as "instrumentKey", x.status, x.submitted_at as "submittedAt"
            from responses x join organisations o on o.id = x.organisation_id and ${under}
           where x.school_year = ${schoolYear} and x.variant = 'school' and x.instrument_key in ('profile', 'quality')`,
    ),
    queryRows<{
      organisationId: string;
      domainScores: Record<string, number | null> | string;
      composite: number | string | null;
    }>(
      db,
      sql`select x.organisation_id as "organisationId", x.domain_scores as "domainScores", x.composite
            from latest_scores x join organisations o on o.id = x.organisation_id and ${under}
           where x.instrument_key = 'quality' and x.variant = 'school' and x.school_year = ${schoolYear}`,
    ),
  ]);
  const domains =
    instrument?.sections.filter((s) => s.scored).map((s) => ({ key: s.key, title: s.title })) ?? [];
  const bands = instrument?.bands ?? [];
  const status = new Map<string, { profile: Status; assessment: Status; last: Date | null }>();
  for (const r of statusRows) {
    const entry = status.get(r.organisationId) ?? {
      profile: "notStarted",
      assessment: "notStarted",
      last: null,
    };
    const field = r.instrumentKey === "profile" ? "profile" : "assessment";
    if (entry[field] !== "submitted") entry[field] = r.status;
    const at = r.submittedAt ? new Date(r.submittedAt) : null;
    if (at && (!entry.last || at > entry.last)) entry.last = at;
    status.set(r.organisationId, entry);
  }
  const scores = new Map(
    scoreRows.map((r) => {
      const domainScores = typeof r.domainScores === "string" ? JSON.parse(r.domainScores) : r.domainScores;
      return [
        r.organisationId,
        { ...domainScores, [COMPOSITE]: r.composite === null ? null : Number(r.composite) },
      ];
    }),
  );
  const districts = new Map<string, string>();
  const listed = schools.map((s): ListedSchool => {
    const st = status.get(s.id);
    const own: Record<string, number | null> = scores.get(s.id) ?? {};
    const composite = own[COMPOSITE];
    if (s.districtId && s.districtName) districts.set(s.districtId, s.districtName);
    return {
      id: s.id,
      name: s.name,
      ncesId: s.ncesId,
      districtId: s.districtName ? s.districtId : null,
      districtName: s.districtName,
      place: placeOf(s.localeCode),
      level: levelOf(s.gradeLow, s.gradeHigh),
      enrollment: s.enrollment,
      profile: st?.profile ?? "notStarted",
      assessment: st?.assessment ?? "notStarted",
      lastSubmission: st?.last ?? null,
      scores: own,
      band: composite === null || composite === undefined ? null : (bandFor(composite, bands)?.key ?? null),
    };
  });
  return {
    domains,
    bands,
    schools: listed,
    districts: [...districts]
      .map(([id, name]) => ({ id, name }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)),
  };
}

type Key = string | number | null;

function sortKey(school: ListedSchool, sort: string, bandRank: Map<string, number>): Key {
  switch (sort) {
    case "name":
      return school.name.toLowerCase();
    case "district":
      return school.districtName?.toLowerCase() ?? null;
    case "enrollment":
      return school.enrollment;
    case "lastSubmission":
      return school.lastSubmission?.getTime() ?? null;
    case "band":
      return school.band === null ? null : (bandRank.get(school.band) ?? null);
    default:
      return school.scores[sort] ?? null;
  }
}

/**
 * The schools that match the filters, in the order asked for. Schools without the sorted value
 * come last either way; ties keep name order, so every page and the CSV list the same sequence.
 */
export function filterAndSort(list: SchoolList, filters: SchoolFilters): ListedSchool[] {
  const q = filters.q?.trim().toLowerCase();
  const matching = list.schools.filter(
    (s) =>
      (!q || s.name.toLowerCase().includes(q) || s.ncesId === q) &&
      (!filters.district || s.districtId === filters.district) &&
      (!filters.place || s.place === filters.place) &&
      (!filters.level || s.level === filters.level) &&
      (!filters.band || (filters.band === "none" ? s.band === null : s.band === filters.band)) &&
      (!filters.profile || s.profile === filters.profile) &&
      (!filters.assessment || s.assessment === filters.assessment),
  );
  const sort = filters.sort ?? "name";
  if (sort === "name" && filters.dir !== "desc") return matching;
  const bandRank = new Map(list.bands.map((b, i) => [b.key, i]));
  const sign = filters.dir === "desc" ? -1 : 1;
  const keyed = matching.map((s, i) => ({ s, i, k: sortKey(s, sort, bandRank) }));
  keyed.sort((a, b) => {
    if (a.k === null || b.k === null) return a.k === b.k ? a.i - b.i : a.k === null ? 1 : -1;
    if (a.k < b.k) return -sign;
    if (a.k > b.k) return sign;
    return a.i - b.i;
  });
  return keyed.map((x) => x.s);
}

/** The CSV columns: what the table shows, with ids so a row can be found again. */
export function schoolCsvRows(list: SchoolList, rows: ListedSchool[]): (string | number)[][] {
  const keys = [...list.domains.map((d) => d.key), COMPOSITE];
  const header = [
    "school_id",
    "nces_id",
    "school",
    "district",
    "locale",
    "level",
    "enrollment",
    "profile_status",
    "assessment_status",
    "last_submission",
    ...keys,
    "band",
  ];
  return [
    header,
    ...rows.map((s) => [
      s.id,
      s.ncesId ?? "",
      s.name,
      s.districtName ?? "",
      s.place ?? "",
      s.level ?? "",
      s.enrollment ?? "",
      s.profile,
      s.assessment,
      s.lastSubmission?.toISOString().slice(0, 10) ?? "",
      ...keys.map((k) => s.scores[k] ?? ""),
      s.band ?? "",
    ]),
  ];
}
