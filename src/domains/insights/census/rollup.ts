import type { RollupRow } from "./repo";
import { CENSUS_ROLES, type CensusRole, FUNDING_SOURCES, type FundingSource, GRADES, TIERS } from "./roles";

/** Whose schools a roll-up adds up. */
export type CensusScope =
  | { level: "nation" }
  | { level: "state"; stateId: string }
  | { level: "district"; districtId: string };

/** A count of schools out of the `n` schools that answered the question. */
export interface SchoolShare {
  schools: number;
  n: number;
}

/** Students (screened, served) out of the enrolment of the `n` schools that answered. */
export interface StudentShare {
  students: number;
  enrolment: number;
  n: number;
}

export interface StaffingFigure {
  role: CensusRole;
  /** Schools that answered the role's FTE (and whose enrolment is known). */
  n: number;
  /** Their students. */
  enrolment: number;
  fte: { school: number; community: number; total: number };
  /** Students per FTE; null when there is no FTE to divide by. */
  studentsPerFte: { school: number | null; community: number | null; total: number | null };
  /** Schools with at least one full-time equivalent in the role (school- and community-employed together). */
  schoolsWithFullTime: number;
}

/** The census of a scope for one school year: what the schools' latest profiles add up to. */
export interface CensusRollup {
  schoolYear: string;
  /** Schools with a submitted profile that year. */
  schools: number;
  /** Their students, where the directory knows the enrolment. */
  enrolment: number;
  staffing: StaffingFigure[];
  tiers: ({ tier: 1 | 2 | 3 } & SchoolShare)[];
  screening: {
    screens: SchoolShare;
    /** Schools screening each grade, out of the schools that said which grades they screen. */
    grades: { grade: string; schools: number }[];
    gradesN: number;
    studentsScreened: StudentShare;
  };
  served: { tier2: StudentShare; tier3: StudentShare };
  funding: { sources: { source: FundingSource; schools: number }[]; n: number };
  partnerships: { partners: number; schoolsWithPartners: SchoolShare; agreements: SchoolShare };
}

const perFte = (enrolment: number, fte: number) => (fte > 0 ? enrolment / fte : null);
const round2 = (x: number) => Math.round(x * 100) / 100;

/** Turns the aggregate row of repo.ts into the roll-up's shape. */
export function rollupFromRow(row: RollupRow): CensusRollup {
  const v = (key: string) => Number(row[key] ?? 0);
  const studentShare = (name: string): StudentShare => ({
    students: v(`${name}.students`),
    enrolment: v(`${name}.enrolment`),
    n: v(`${name}.n`),
  });
  return {
    schoolYear: row.schoolYear,
    schools: v("schools"),
    enrolment: v("enrolment"),
    staffing: CENSUS_ROLES.map((role) => {
      const school = round2(v(`${role}.school`));
      const community = round2(v(`${role}.community`));
      const total = round2(school + community);
      const enrolment = v(`${role}.enrolment`);
      return {
        role,
        n: v(`${role}.n`),
        enrolment,
        fte: { school, community, total },
        studentsPerFte: {
          school: perFte(enrolment, school),
          community: perFte(enrolment, community),
          total: perFte(enrolment, total),
        },
        schoolsWithFullTime: v(`${role}.fullTime`),
      };
    }),
    tiers: TIERS.map((tier) => ({ tier, schools: v(`tier${tier}.offering`), n: v(`tier${tier}.n`) })),
    screening: {
      screens: { schools: v("screening.screens"), n: v("screening.n") },
      grades: GRADES.map((grade) => ({ grade, schools: v(`grade.${grade}`) })),
      gradesN: v("grades.n"),
      studentsScreened: studentShare("screened"),
    },
    served: { tier2: studentShare("served2"), tier3: studentShare("served3") },
    funding: {
      sources: FUNDING_SOURCES.map((source) => ({ source, schools: v(`funding.${source}`) })),
      n: v("funding.n"),
    },
    partnerships: {
      partners: v("partners.total"),
      schoolsWithPartners: { schools: v("partners.schools"), n: v("partners.n") },
      agreements: { schools: v("agreements.yes"), n: v("agreements.n") },
    },
  };
}

/** A year with no profile under the scope. */
export function emptyRollup(schoolYear: string): CensusRollup {
  return rollupFromRow({ schoolYear, groupId: null } as RollupRow);
}
