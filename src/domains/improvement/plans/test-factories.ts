import type { Db } from "../../../platform/db/client";
import type { Organisation } from "../../directory/service";
import {
  getResponse,
  type ResponseView,
  saveSection,
  startResponse,
  submitResponse,
} from "../../measures/service";

/**
 * A submitted quality assessment of `organisation` for `schoolYear`: every rating item answered
 * `rating(itemKey, index in its domain, domain index)` (4 by default), so a test sets the ratings
 * it reasons about.
 */
export async function buildSubmittedAssessment(
  db: Db,
  actorId: string,
  organisation: Organisation,
  schoolYear: string,
  rating: (itemKey: string, index: number, domainIndex: number) => number = () => 4,
): Promise<ResponseView> {
  const started = await startResponse(db, { actorId, organisation, instrumentKey: "quality", schoolYear });
  const sections = (await getResponse(db, started.id))!.instrument.sections;
  let domainIndex = 0;
  for (const section of sections) {
    const answers = Object.fromEntries(
      section.items.map((item, i) => [
        item.key,
        item.type === "rating" ? rating(item.key, i, domainIndex) : 4,
      ]),
    );
    if (section.scored) domainIndex++;
    const input = {
      actorId,
      responseId: started.id,
      sectionKey: section.key,
      baseVersion: 0,
      answers,
      source: "json",
    };
    await saveSection(db, input as Parameters<typeof saveSection>[1]);
  }
  await submitResponse(db, { actorId, responseId: started.id });
  return (await getResponse(db, started.id))!;
}
