import type { Db } from "../../platform/db/client";
import { buildOrganisation, findOrganisationByStateCode } from "../../seed/factories";

/**
 * A small directory for tests: Bayview County (Lincoln Elementary, Harbor Middle) and Hilltop City
 * (Hilltop High) in Maryland, and Lincoln County (Lincoln Primary) in Virginia.
 */
export async function buildSampleDirectory(db: Db) {
  const md = await findOrganisationByStateCode(db, "MD");
  const va = await findOrganisationByStateCode(db, "VA");
  const district = await buildOrganisation(db, {
    kind: "district",
    parent: md,
    stateCode: "MD",
    name: "Bayview County Public Schools",
    ncesId: "2400001",
  });
  const otherDistrict = await buildOrganisation(db, {
    kind: "district",
    parent: md,
    stateCode: "MD",
    name: "Hilltop City Schools",
    ncesId: "2400002",
  });
  const lincoln = await buildOrganisation(db, {
    kind: "school",
    parent: district,
    stateCode: "MD",
    name: "Lincoln Elementary School",
    city: "Bayview",
    ncesId: "240000100001",
    gradeLow: "KG",
    gradeHigh: "05",
    locale: "21",
    enrollment: 432,
  });
  const harbor = await buildOrganisation(db, {
    kind: "school",
    parent: district,
    stateCode: "MD",
    name: "Harbor Middle School",
    city: "Bayview",
    ncesId: "240000100002",
  });
  await buildOrganisation(db, {
    kind: "school",
    parent: otherDistrict,
    stateCode: "MD",
    name: "Hilltop High School",
    city: "Hilltop",
    ncesId: "240000200001",
  });
  const vaDistrict = await buildOrganisation(db, {
    kind: "district",
    parent: va,
    stateCode: "VA",
    name: "Lincoln County Schools",
    ncesId: "5100001",
  });
  const vaSchool = await buildOrganisation(db, {
    kind: "school",
    parent: vaDistrict,
    stateCode: "VA",
    name: "Lincoln Primary School",
    city: "Rivertown",
    ncesId: "510000100001",
  });
  return { md, va, district, otherDistrict, lincoln, harbor, vaSchool };
}
