import { and, desc, eq, inArray } from "drizzle-orm";
import type { DbOrTx } from "../../../platform/db/client";
import type { Organisation } from "../../directory/service";
import { answeredCount } from "../instruments/answers";
import { getInstrument } from "../instruments/service";
import { responseSections, responses, type ResponseStatus } from "../schema";

/** One instrument a team is asked to complete this school year, and how far it has got. */
export interface WorkDue {
  organisationId: string;
  instrumentKey: "profile" | "quality";
  /** Not started, or the response worked on now: an open draft first, else the latest submitted. */
  state: "notStarted" | ResponseStatus;
  responseId: string | null;
  timePoint: number | null;
  answered: number;
  total: number;
  submittedAt: Date | null;
}

const ASKED = ["profile", "quality"] as const;

/**
 * For each school and district team given: this school year's census profile and quality
 * assessment, with how many items are answered. Two queries whatever the number of teams.
 */
export async function workDueFor(
  db: DbOrTx,
  organisations: Pick<Organisation, "id" | "kind">[],
  schoolYear: string,
): Promise<WorkDue[]> {
  const asked = organisations.filter((o) => o.kind === "school" || o.kind === "district");
  if (asked.length === 0) return [];
  const rows = await db
    .select()
    .from(responses)
    .where(
      and(
        inArray(
          responses.organisationId,
          asked.map((o) => o.id),
        ),
        eq(responses.schoolYear, schoolYear),
      ),
    )
    .orderBy(desc(responses.timePoint));
  const current = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    const key = `${row.organisationId} ${row.instrumentKey}`;
    const kept = current.get(key);
    // An open draft is what the team works on; otherwise the newest time point.
    if (!kept || (kept.status !== "draft" && row.status === "draft")) current.set(key, row);
  }
  const chosen = [...current.values()];
  const sections =
    chosen.length === 0
      ? []
      : await db
          .select({
            responseId: responseSections.responseId,
            sectionKey: responseSections.sectionKey,
            answers: responseSections.answers,
          })
          .from(responseSections)
          .where(
            inArray(
              responseSections.responseId,
              chosen.map((r) => r.id),
            ),
          );
  const due: WorkDue[] = [];
  for (const org of asked) {
    for (const instrumentKey of ASKED) {
      const row = current.get(`${org.id} ${instrumentKey}`);
      if (!row) {
        due.push({
          organisationId: org.id,
          instrumentKey,
          state: "notStarted",
          responseId: null,
          timePoint: null,
          answered: 0,
          total: 0,
          submittedAt: null,
        });
        continue;
      }
      const instrument = await getInstrument(db, row.instrumentId);
      const defs = instrument?.sections ?? [];
      let answered = 0;
      for (const s of sections) {
        if (s.responseId !== row.id) continue;
        const def = defs.find((d) => d.key === s.sectionKey);
        if (def) answered += answeredCount(def, s.answers as Record<string, unknown>);
      }
      due.push({
        organisationId: org.id,
        instrumentKey,
        state: row.status,
        responseId: row.id,
        timePoint: row.timePoint,
        answered,
        total: defs.reduce((n, d) => n + d.items.length, 0),
        submittedAt: row.submittedAt,
      });
    }
  }
  return due;
}
