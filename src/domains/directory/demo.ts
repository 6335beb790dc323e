import { and, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client";
import { buildOrganisation, findOrganisationByStateCode } from "../../seed/factories";
import { organisations } from "./schema";
import { getNation } from "./service";

/**
 * Synthetic demo directory: a few districts with schools in three states, national partners and
 * state initiatives. Every name is invented; NCES IDs use the state's FIPS prefix and a 99xxx
 * district range, and every row is marked is_demo.
 */
type DemoSchool = [
  name: string,
  city: string,
  gradeLow: string,
  gradeHigh: string,
  locale: string,
  enrollment: number,
];
interface DemoDistrict {
  name: string;
  suffix: string;
  city: string;
  schools: DemoSchool[];
}

const DEMO_DIRECTORY: Record<string, DemoDistrict[]> = {
  MD: [
    {
      name: "Chesapeake Bend Public Schools",
      suffix: "99001",
      city: "Harbor Point",
      schools: [
        ["Harbor Point Elementary School", "Harbor Point", "PK", "05", "21", 486],
        ["Osprey Landing Elementary School", "Osprey Landing", "KG", "05", "22", 372],
        ["Tidewater Middle School", "Harbor Point", "06", "08", "21", 811],
        ["Chesapeake Bend High School", "Harbor Point", "09", "12", "21", 1422],
      ],
    },
    {
      name: "Piedmont Ridge County Public Schools",
      suffix: "99002",
      city: "Stony Run",
      schools: [
        ["Stony Run Elementary School", "Stony Run", "PK", "05", "41", 298],
        ["Laurel Fork Elementary School", "Laurel Fork", "KG", "05", "42", 204],
        ["Piedmont Ridge Middle School", "Stony Run", "06", "08", "32", 540],
      ],
    },
  ],
  CA: [
    {
      name: "Golden Valley Unified School District",
      suffix: "99001",
      city: "Golden Valley",
      schools: [
        ["Sierra Vista Elementary School", "Golden Valley", "KG", "05", "12", 612],
        ["Manzanita Elementary School", "Golden Valley", "KG", "05", "12", 548],
        ["Arroyo Seco Elementary School", "Arroyo Seco", "KG", "06", "22", 455],
        ["Golden Valley Middle School", "Golden Valley", "06", "08", "12", 1034],
        ["Golden Valley High School", "Golden Valley", "09", "12", "12", 2187],
      ],
    },
    {
      name: "Pacific Mesa Unified School District",
      suffix: "99002",
      city: "Pacific Mesa",
      schools: [
        ["Coastal Oaks Elementary School", "Pacific Mesa", "PK", "05", "13", 401],
        ["Mesa Verde Middle School", "Pacific Mesa", "06", "08", "13", 688],
        ["Pacific Mesa High School", "Pacific Mesa", "09", "12", "13", 1290],
      ],
    },
  ],
  TX: [
    {
      name: "Bluebonnet Prairie Independent School District",
      suffix: "99001",
      city: "Bluebonnet",
      schools: [
        ["Bluebonnet Elementary School", "Bluebonnet", "PK", "04", "33", 356],
        ["Prairie Wind Intermediate School", "Bluebonnet", "05", "06", "33", 241],
        ["Bluebonnet Junior High School", "Bluebonnet", "07", "08", "33", 230],
        ["Bluebonnet High School", "Bluebonnet", "09", "12", "33", 468],
      ],
    },
    {
      name: "Rio Verde Consolidated Independent School District",
      suffix: "99002",
      city: "Rio Verde",
      schools: [
        ["Rio Verde Elementary School", "Rio Verde", "PK", "05", "11", 733],
        ["Las Palomas Elementary School", "Rio Verde", "PK", "05", "11", 690],
        ["Mission Trail Elementary School", "Rio Verde", "PK", "05", "21", 655],
        ["Cypress Creek Middle School", "Rio Verde", "06", "08", "11", 1120],
        ["Rio Verde Early College High School", "Rio Verde", "09", "12", "11", 402],
        ["Rio Verde High School", "Rio Verde", "09", "12", "11", 2410],
      ],
    },
  ],
};

const DEMO_PARTNERS = [
  {
    name: "Coalition of School-Based Clinicians (demo)",
    description: "A national network of school-employed and community-employed mental health clinicians.",
  },
  {
    name: "Families and Schools Together for Wellbeing (demo)",
    description:
      "A national family organisation that brings family voice into school mental health planning.",
  },
  {
    name: "Youth Voices in School Mental Health (demo)",
    description:
      "A national youth-led organisation that trains students to co-lead wellbeing work in schools.",
  },
];

const DEMO_INITIATIVES = [
  { stateCode: "MD", name: "Maryland Thriving Schools Collaborative (demo)" },
  { stateCode: "CA", name: "California Whole-Child Wellness Network (demo)" },
];

export async function seedDirectoryDemo(db: Db): Promise<void> {
  const [already] = await db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.isDemo, true), eq(organisations.kind, "district")))
    .limit(1);
  if (already) return;
  await db.transaction(async (tx) => {
    for (const [stateCode, districts] of Object.entries(DEMO_DIRECTORY)) {
      const state = await findOrganisationByStateCode(tx, stateCode);
      for (const d of districts) {
        const leaId = `${state.ncesId}${d.suffix}`;
        const district = await buildOrganisation(tx, {
          kind: "district",
          parent: state,
          stateCode,
          name: d.name,
          ncesId: leaId,
          city: d.city,
          isDemo: true,
        });
        for (const [i, [name, city, gradeLow, gradeHigh, locale, enrollment]] of d.schools.entries()) {
          await buildOrganisation(tx, {
            kind: "school",
            parent: district,
            stateCode,
            name,
            city,
            ncesId: `${leaId}${String(i + 1).padStart(5, "0")}`,
            gradeLow,
            gradeHigh,
            locale,
            enrollment,
            isDemo: true,
          });
        }
      }
    }
    const nation = await getNation(tx);
    for (const p of DEMO_PARTNERS) {
      await buildOrganisation(tx, { kind: "partner", parent: nation ?? undefined, ...p, isDemo: true });
    }
    for (const i of DEMO_INITIATIVES) {
      const state = await findOrganisationByStateCode(tx, i.stateCode);
      await buildOrganisation(tx, { kind: "state_initiative", parent: state, ...i, isDemo: true });
    }
  });
}
