import type { DbOrTx } from "../../../platform/db/client";
import type { Locale } from "../../../platform/i18n";
import { getOrganisation, type Organisation } from "../../directory/service";
import { COMPOSITE, scopeMeans, scoresWithPrevious } from "../dashboards/aggregates";
import {
  type Cell,
  type RatedItem,
  scoreAssessment,
  scoreChanges,
  strengthsAndPriorities,
} from "../instruments/scoring";
import { allAnswers, type ResponseView } from "../responses/service";

export type ScopeLevel = "district" | "state" | "nation";
export const SCOPE_LEVELS: ScopeLevel[] = ["district", "state", "nation"];

export interface ReportRow {
  key: string;
  title: { en: string; es: string };
  score: number | null;
  band: string | null;
  bandLabel: { en: string; es: string } | null;
  rated: number | null;
  total: number | null;
  /** Since the previous time point, whichever year it was in. */
  change: number | null;
  /** Since the latest time point of the previous school year. */
  changeSinceLastYear: number | null;
  comparisons: Partial<Record<ScopeLevel, { mean: number; n: number } | { hidden: true }>>;
}

export interface Report {
  rows: ReportRow[];
  /** The comparison levels that exist for this organisation (a district has no district above it). */
  levels: ScopeLevel[];
  strengths: (RatedItem & { prompt: { en: string; es: string } })[];
  /** Ranked lowest rating first. */
  priorities: (RatedItem & { prompt: { en: string; es: string } })[];
  /** The same priorities grouped by domain, the domain with the lowest rating first. */
  priorityGroups: { sectionKey: string; title: { en: string; es: string }; items: Report["priorities"] }[];
  previousSubmittedAt: Date | null;
  lastYearSubmittedAt: Date | null;
}

const presentCell = (cell: Cell<number> | undefined) =>
  cell?.shown ? { mean: cell.value, n: cell.n } : { hidden: true as const };

/**
 * Everything a report shows, from the response's answers (scored on the fly — one response is
 * cheap) and the pre-computed aggregates of the scopes above (one indexed read).
 */
export async function buildReport(
  db: DbOrTx,
  response: ResponseView,
  organisation: Organisation,
): Promise<Report> {
  const { instrument } = response;
  const answers = allAnswers(response);
  const score = scoreAssessment(instrument, answers);
  const stored = await scoresWithPrevious(db, response.id);
  const current = Object.fromEntries(
    score.domains.map((d) => [d.key, d.status === "scored" ? d.score : null]),
  );
  current[COMPOSITE] = score.composite.status === "scored" ? score.composite.score : null;
  const previous = stored?.previous
    ? { ...stored.previous.domainScores, [COMPOSITE]: stored.previous.composite }
    : null;
  const changes = scoreChanges(current, previous);
  const lastYear = stored?.lastYear
    ? { ...stored.lastYear.domainScores, [COMPOSITE]: stored.lastYear.composite }
    : null;
  const changesSinceLastYear = scoreChanges(current, lastYear);

  const ancestors = (await Promise.all(organisation.ancestorIds.map((id) => getOrganisation(db, id)))).filter(
    (o): o is Organisation => !!o && (o.kind === "district" || o.kind === "state" || o.kind === "nation"),
  );
  const domainKeys = score.domains.map((d) => d.key);
  const means = await scopeMeans(
    db,
    ancestors.map((a) => a.id),
    instrument.key,
    instrument.variant,
    response.schoolYear,
    domainKeys,
  );
  const levelOf = new Map(ancestors.map((a) => [a.id, a.kind as ScopeLevel]));
  const comparisonsFor = (key: string) =>
    Object.fromEntries(
      means.map((m) => [levelOf.get(m.scopeId)!, presentCell(m.means[key])]),
    ) as ReportRow["comparisons"];

  const rows: ReportRow[] = score.domains.map((d) => {
    const section = instrument.sections.find((s) => s.key === d.key)!;
    return {
      key: d.key,
      title: section.title,
      score: d.status === "scored" ? d.score : null,
      band: d.status === "scored" ? (d.band?.key ?? null) : null,
      bandLabel: d.status === "scored" ? (d.band?.label ?? null) : null,
      rated: d.rated,
      total: d.total,
      change: changes[d.key] ?? null,
      changeSinceLastYear: changesSinceLastYear[d.key] ?? null,
      comparisons: comparisonsFor(d.key),
    };
  });
  rows.push({
    key: COMPOSITE,
    title: { en: "Composite", es: "Puntaje global" },
    score: score.composite.status === "scored" ? score.composite.score : null,
    band: score.composite.status === "scored" ? (score.composite.band?.key ?? null) : null,
    bandLabel: score.composite.status === "scored" ? (score.composite.band?.label ?? null) : null,
    rated: null,
    total: null,
    change: changes[COMPOSITE] ?? null,
    changeSinceLastYear: changesSinceLastYear[COMPOSITE] ?? null,
    comparisons: comparisonsFor(COMPOSITE),
  });

  const items = new Map(instrument.sections.flatMap((s) => s.items.map((i) => [i.key, i.prompt])));
  const { strengths, priorities } = strengthsAndPriorities(instrument, answers);
  const withPrompt = (r: RatedItem) => ({ ...r, prompt: items.get(r.itemKey)! });
  const ranked = [...priorities].sort((a, b) => a.rating - b.rating).map(withPrompt);
  return {
    rows,
    levels: SCOPE_LEVELS.filter((l) => ancestors.some((a) => a.kind === l)),
    strengths: strengths.map(withPrompt),
    priorities: ranked,
    priorityGroups: groupByDomain(ranked, instrument.sections),
    previousSubmittedAt: stored?.previous?.submittedAt ?? null,
    lastYearSubmittedAt: stored?.lastYear?.submittedAt ?? null,
  };
}

export const localized = (text: { en: string; es: string }, locale: Locale) => text[locale];

/** Ranked items grouped by their domain; groups follow their first (lowest) item. */
function groupByDomain(
  ranked: Report["priorities"],
  sections: { key: string; title: { en: string; es: string } }[],
): Report["priorityGroups"] {
  const groups = new Map<string, Report["priorityGroups"][number]>();
  for (const item of ranked) {
    let group = groups.get(item.sectionKey);
    if (!group) {
      const title = sections.find((s) => s.key === item.sectionKey)!.title;
      group = { sectionKey: item.sectionKey, title, items: [] };
      groups.set(item.sectionKey, group);
    }
    group.items.push(item);
  }
  return [...groups.values()];
}
