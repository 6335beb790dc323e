import type { Db } from "../../../platform/db/client";
import { buildDistrictWithSchools } from "../../../seed/factories";
import type { Organisation } from "../../directory/service";
import { currentInstrument, saveSection, startResponse, submitResponse } from "../../measures/service";

/**
 * Submits a school assessment with every rating item answered `rating`, so that each domain
 * score and the composite are exactly `rating`: worlds whose means can be worked by hand.
 */
export async function submitRatedAssessment(
  db: Db,
  input: { actorId: string; school: Organisation; rating: number; schoolYear: string },
): Promise<void> {
  const quality = (await currentInstrument(db, "quality", "school"))!;
  const { id } = await startResponse(db, {
    actorId: input.actorId,
    organisation: input.school,
    instrumentKey: "quality",
    schoolYear: input.schoolYear,
  });
  for (const section of quality.sections.filter((s) => s.scored)) {
    await saveSection(db, {
      actorId: input.actorId,
      responseId: id,
      sectionKey: section.key,
      baseVersion: 0,
      answers: Object.fromEntries(
        section.items.filter((i) => i.type === "rating").map((i) => [i.key, input.rating]),
      ),
      source: "json",
    });
  }
  await submitResponse(db, { actorId: input.actorId, responseId: id });
}

/** A district of `ratings.length` schools in a state, each submitting its rating. */
export async function districtRating(
  db: Db,
  actorId: string,
  stateCode: string,
  ratings: number[],
  schoolYear: string,
) {
  const built = await buildDistrictWithSchools(db, stateCode, ratings.length);
  for (const [i, school] of built.schools.entries()) {
    await submitRatedAssessment(db, { actorId, school, rating: ratings[i]!, schoolYear });
  }
  return built;
}
