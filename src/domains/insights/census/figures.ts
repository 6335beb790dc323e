import type { CensusRollup, SchoolShare, StudentShare } from "./rollup";

export type FigureFormat = "count" | "fte" | "ratio" | "percent";
export type FigureSection =
  | "overview"
  | "staffing"
  | "tiers"
  | "screening"
  | "grades"
  | "served"
  | "funding"
  | "partnerships";

/**
 * One census figure of a roll-up, as pages, CSV files and the API show it: a stable key (the
 * same across years and scopes, so trends and comparisons join on it), the number and the
 * schools behind it. `value` is null when there is nothing to show (no school answered, or
 * nothing to divide by) and when the figure is suppressed.
 */
export interface CensusFigure {
  key: string;
  section: FigureSection;
  format: FigureFormat;
  value: number | null;
  /** Schools the figure is built from; null when suppressed (the exact n is not shown either). */
  n: number | null;
  suppressed: boolean;
}

const percent = (part: number, whole: number) => (whole > 0 ? (100 * part) / whole : null);
const figure = (
  key: string,
  section: FigureSection,
  format: FigureFormat,
  value: number | null,
  n: number,
): CensusFigure => ({ key, section, format, value: n > 0 ? value : null, n, suppressed: false });
const schoolShare = (key: string, section: FigureSection, s: SchoolShare) =>
  figure(key, section, "percent", percent(s.schools, s.n), s.n);
const studentShare = (key: string, section: FigureSection, s: StudentShare) =>
  figure(key, section, "percent", percent(s.students, s.enrolment), s.n);

/** Every figure of a roll-up, in the order pages show them. */
export function censusFigures(r: CensusRollup): CensusFigure[] {
  const out: CensusFigure[] = [
    figure("schools", "overview", "count", r.schools, r.schools),
    figure("enrolment", "overview", "count", r.enrolment, r.schools),
  ];
  for (const s of r.staffing) {
    const key = `staff.${s.role}`;
    out.push(
      figure(`${key}.fte.school`, "staffing", "fte", s.fte.school, s.n),
      figure(`${key}.fte.community`, "staffing", "fte", s.fte.community, s.n),
      figure(`${key}.perFte.school`, "staffing", "ratio", s.studentsPerFte.school, s.n),
      figure(`${key}.perFte.community`, "staffing", "ratio", s.studentsPerFte.community, s.n),
      figure(`${key}.perFte.total`, "staffing", "ratio", s.studentsPerFte.total, s.n),
    );
    if (s.role === "nurse")
      out.push(figure(`${key}.fullTime`, "staffing", "percent", percent(s.schoolsWithFullTime, s.n), s.n));
  }
  for (const t of r.tiers) out.push(schoolShare(`tier${t.tier}.offered`, "tiers", t));
  out.push(
    schoolShare("screening.schools", "screening", r.screening.screens),
    studentShare("screening.students", "screening", r.screening.studentsScreened),
    figure(
      "screening.count",
      "screening",
      "count",
      r.screening.studentsScreened.students,
      r.screening.studentsScreened.n,
    ),
    ...r.screening.grades.map((g) =>
      schoolShare(`grade.${g.grade}`, "grades", { schools: g.schools, n: r.screening.gradesN }),
    ),
    studentShare("served.tier2", "served", r.served.tier2),
    figure("served.tier2.count", "served", "count", r.served.tier2.students, r.served.tier2.n),
    studentShare("served.tier3", "served", r.served.tier3),
    figure("served.tier3.count", "served", "count", r.served.tier3.students, r.served.tier3.n),
    ...r.funding.sources.map((f) =>
      schoolShare(`funding.${f.source}`, "funding", { schools: f.schools, n: r.funding.n }),
    ),
    figure(
      "partners.total",
      "partnerships",
      "count",
      r.partnerships.partners,
      r.partnerships.schoolsWithPartners.n,
    ),
    schoolShare("partners.schools", "partnerships", r.partnerships.schoolsWithPartners),
    schoolShare("partners.agreements", "partnerships", r.partnerships.agreements),
  );
  return out;
}

/** Figures built from fewer schools than this are hidden from anyone who may not read the schools. */
export const MIN_SCHOOLS = 10;

/**
 * Hides every figure built from fewer than MIN_SCHOOLS schools. The one place the census applies
 * small-cell suppression, so the platform's complementary suppression can take its place.
 */
export function suppressSmallFigures(figures: CensusFigure[]): CensusFigure[] {
  return figures.map((f) =>
    f.n === null || f.n >= MIN_SCHOOLS || f.n === 0 ? f : { ...f, value: null, n: null, suppressed: true },
  );
}

/** What a viewer is shown: everything for a team that may read every school, suppressed otherwise. */
export function figuresForViewer(rollup: CensusRollup, seesEverySchool: boolean): CensusFigure[] {
  const figures = censusFigures(rollup);
  return seesEverySchool ? figures : suppressSmallFigures(figures);
}
