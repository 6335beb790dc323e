import { recordAudit } from "../../../platform/audit";
import type { DbOrTx } from "../../../platform/db/client";
import {
  getInstrument,
  type Instrument,
  type ResearchFileQuery,
  type ResearchRow,
  researchDescriptorCounts,
  researchInstrumentVersionIds,
  researchRowsPage,
  schoolsNotSharing,
} from "../../measures/service";
import {
  answerCell,
  COARSENING_ORDER,
  type CoarseningPlan,
  type CoarseningSummary,
  combinationKey,
  ENROLMENT_BAND_EDGES,
  ENROLMENT_BANDS,
  enrolmentBandLabel,
  type ExportedItemType,
  isExportedItemType,
  MIN_SCHOOLS_PER_COMBINATION,
  planCoarsening,
  pseudonymizer,
  SMALL_COUNT,
  scoreCell,
  UNKNOWN,
} from "./deidentify";

/** Schools are read this many at a time: memory stays flat whatever the file's size. */
const PAGE_SIZE = 5000;

export interface ResearchFileKey {
  instrumentKey: string;
  schoolYear: string;
}

/**
 * The schools that chose not to share this school year's data in research aggregates: left out of
 * every research file (the choice is the measures domain's, made per school and year).
 */
export function schoolsNotSharingInResearch(db: DbOrTx, schoolYear: string): Promise<string[]> {
  return schoolsNotSharing(db, schoolYear);
}

async function fileQuery(db: DbOrTx, key: ResearchFileKey): Promise<ResearchFileQuery> {
  return {
    instrumentKey: key.instrumentKey,
    schoolYear: key.schoolYear,
    excludedOrganisationIds: await schoolsNotSharingInResearch(db, key.schoolYear),
    bandEdges: ENROLMENT_BAND_EDGES,
  };
}

const describe = (r: { stateCode: string | null; locale: string | null; band: number | null }) => ({
  state: r.stateCode ?? UNKNOWN,
  locale: r.locale ?? UNKNOWN,
  band: enrolmentBandLabel(r.band),
});

/** What a file's rows may print, decided from how many schools share each combination. */
async function coarseningFor(db: DbOrTx, q: ResearchFileQuery): Promise<CoarseningPlan> {
  const counts = await researchDescriptorCounts(db, q);
  return planCoarsening(counts.map((c) => ({ ...describe(c), schools: c.schools })));
}

export interface FileColumn {
  name: string;
  kind: "descriptor" | "item" | "score";
  itemType?: ExportedItemType;
}

/** The instrument versions the file's responses used, newest first. */
async function versionsOf(db: DbOrTx, q: ResearchFileQuery): Promise<Instrument[]> {
  const ids = await researchInstrumentVersionIds(db, q);
  const found = await Promise.all(ids.map((id) => getInstrument(db, id)));
  return found.filter((i): i is Instrument => !!i).sort((a, b) => b.version - a.version);
}

/**
 * The file's columns: descriptors, then every exported item of every version (the newest
 * version's order first; items only older versions had come after), then domain scores and the
 * composite for an assessment.
 */
function columnsOf(versions: Instrument[]): FileColumn[] {
  const columns: FileColumn[] = [
    { name: "school", kind: "descriptor" },
    { name: "state", kind: "descriptor" },
    { name: "locale", kind: "descriptor" },
    { name: "enrolment_band", kind: "descriptor" },
    { name: "instrument_version", kind: "descriptor" },
  ];
  const items = new Set<string>();
  const domains = new Set<string>();
  for (const version of versions) {
    for (const section of version.sections) {
      if (section.scored) domains.add(section.key);
      for (const item of section.items) {
        if (!isExportedItemType(item.type) || items.has(item.key)) continue;
        items.add(item.key);
        columns.push({ name: item.key, kind: "item", itemType: item.type });
      }
    }
  }
  for (const domain of domains) columns.push({ name: `domain.${domain}`, kind: "score" });
  if (versions.some((v) => v.kind === "assessment")) columns.push({ name: "composite", kind: "score" });
  return columns;
}

function rowCells(
  row: ResearchRow & { answers: Record<string, unknown> },
  printed: { state: string; locale: string; band: string },
  name: string,
  columns: FileColumn[],
) {
  return columns.map((column) => {
    switch (column.name) {
      case "school":
        return name;
      case "state":
        return printed.state;
      case "locale":
        return printed.locale;
      case "enrolment_band":
        return printed.band;
      case "instrument_version":
        return String(row.instrumentVersion);
      case "composite":
        return scoreCell(row.composite);
    }
    if (column.kind === "score") return scoreCell(row.domainScores?.[column.name.slice("domain.".length)]);
    return answerCell(column.itemType!, row.answers[column.name]);
  });
}

export interface ResearchFile {
  fileName: string;
  columns: FileColumn[];
  rows: number;
  /** The rows, header first, read from the database a page at a time as they are consumed. */
  records: AsyncGenerator<string[]>;
}

/**
 * A de-identified school-level file for one instrument and school year: no names, no NCES ids,
 * a per-file pseudonym for each school, and descriptors coarsened so that every combination
 * printed is shared by at least 10 rows. Reading it records nothing; `recordDownload` does.
 */
export async function researchFile(db: DbOrTx, key: ResearchFileKey): Promise<ResearchFile> {
  const q = await fileQuery(db, key);
  const [plan, versions] = await Promise.all([coarseningFor(db, q), versionsOf(db, q)]);
  const columns = columnsOf(versions);
  const nameOf = pseudonymizer();
  async function* records(): AsyncGenerator<string[]> {
    yield columns.map((c) => c.name);
    let after: string | undefined;
    for (;;) {
      const page = await researchRowsPage(db, q, after, PAGE_SIZE);
      for (const row of page) {
        // A school that submitted after the plan was made has no decided combination: left out.
        const printed = plan.printed.get(combinationKey(describe(row)));
        if (!printed) continue;
        const answers = Object.assign({}, ...row.sectionAnswers) as Record<string, unknown>;
        yield rowCells({ ...row, answers }, printed, nameOf(row.organisationId), columns);
      }
      if (page.length < PAGE_SIZE) return;
      after = page[page.length - 1]!.organisationId;
    }
  }
  return {
    fileName: `smh-research-${key.instrumentKey}-${key.schoolYear}.csv`,
    columns,
    rows: plan.rows,
    records: records(),
  };
}

/** Every download is in the audit trail: who, under which application, which file, how many rows. */
export async function recordDownload(
  tx: DbOrTx,
  entry: { actorId: string; applicationId: string; file: string; rows: number },
) {
  await recordAudit(tx, {
    actorId: entry.actorId,
    action: "research.download",
    entityType: "research_application",
    entityId: entry.applicationId,
    after: { file: entry.file, rows: entry.rows },
  });
}

// --- Codebook ---------------------------------------------------------------------------------

export interface CodebookVariable {
  name: string;
  label: string;
  type: string;
  values: string;
  /** Instrument versions that asked it. */
  versions: number[];
}

export interface Codebook {
  instrumentKey: string;
  schoolYear: string;
  title: string;
  generatedAt: string;
  versions: { version: number; publishedAt: string; title: string }[];
  variables: CodebookVariable[];
  minSchoolsPerCombination: number;
  coarseningOrder: string[];
  coarsening: CoarseningSummary;
  rows: number;
  smallCount: string;
  enrolmentBands: string[];
}

const DESCRIPTOR_VARIABLES: CodebookVariable[] = [
  {
    name: "school",
    label: "School pseudonym: a keyed hash made for this file alone (not an NCES id; differs in every file)",
    type: "text",
    values: "S followed by 16 hexadecimal digits",
    versions: [],
  },
  {
    name: "state",
    label: "Two-letter state or territory code",
    type: "text",
    values: `USPS code; blank when coarsened; "${UNKNOWN}" when not on record`,
    versions: [],
  },
  {
    name: "locale",
    label: "NCES locale code (11–13 city, 21–23 suburb, 31–33 town, 41–43 rural)",
    type: "text",
    values: `two digits; blank when coarsened; "${UNKNOWN}" when not on record`,
    versions: [],
  },
  {
    name: "enrolment_band",
    label: "Enrolment band of the school",
    type: "text",
    values: `${ENROLMENT_BANDS.join(", ")}; blank when coarsened; "${UNKNOWN}" when not on record`,
    versions: [],
  },
  {
    name: "instrument_version",
    label: "Version of the instrument the school answered",
    type: "integer",
    values: "see the versions above",
    versions: [],
  },
];

function itemValues(instrument: Instrument, item: Instrument["sections"][number]["items"][number]): string {
  switch (item.type) {
    case "rating":
      return (instrument.scale ?? []).map((s) => s.en).join("; ") || "1–6";
    case "count":
      return `whole number; counts from 1 to 9 are written "${SMALL_COUNT}"`;
    case "fte":
      return "full-time equivalents, up to two decimals";
    case "yesno":
      return "yes; no";
    case "choice":
      return (item.options ?? []).map((o) => `${o.key} = ${o.label.en}`).join("; ");
    case "multi":
      return `keys separated by "|": ${(item.options ?? []).map((o) => `${o.key} = ${o.label.en}`).join("; ")}`;
    default:
      return "";
  }
}

/** The codebook of a file: generated from the instrument versions it used and the coarsening it applies. */
export async function researchCodebook(
  db: DbOrTx,
  key: ResearchFileKey,
  now = new Date(),
): Promise<Codebook> {
  const q = await fileQuery(db, key);
  const [plan, versions] = await Promise.all([coarseningFor(db, q), versionsOf(db, q)]);
  const variables = new Map<string, CodebookVariable>();
  for (const v of DESCRIPTOR_VARIABLES)
    variables.set(v.name, { ...v, versions: versions.map((i) => i.version) });
  for (const instrument of versions) {
    for (const section of instrument.sections) {
      for (const item of section.items) {
        if (!isExportedItemType(item.type)) continue;
        const known = variables.get(item.key);
        if (known) known.versions.push(instrument.version);
        else
          variables.set(item.key, {
            name: item.key,
            label: `${section.title.en}: ${item.prompt.en}`,
            type: item.type,
            values: itemValues(instrument, item),
            versions: [instrument.version],
          });
      }
      if (section.scored) {
        const name = `domain.${section.key}`;
        const known = variables.get(name);
        if (known) known.versions.push(instrument.version);
        else
          variables.set(name, {
            name,
            label: `Domain score: ${section.title.en} (mean of its rated indicators)`,
            type: "decimal",
            values: "1.00–6.00; blank when too few indicators were rated",
            versions: [instrument.version],
          });
      }
    }
  }
  if (versions.some((v) => v.kind === "assessment"))
    variables.set("composite", {
      name: "composite",
      label: "Composite score (mean of the domain scores)",
      type: "decimal",
      values: "1.00–6.00",
      versions: versions.map((v) => v.version),
    });
  const newest = versions[0];
  // In the file's column order, so the codebook reads like the file.
  const ordered = columnsOf(versions).map((c) => variables.get(c.name)!);
  return {
    instrumentKey: key.instrumentKey,
    schoolYear: key.schoolYear,
    title: newest?.title.en ?? key.instrumentKey,
    generatedAt: now.toISOString(),
    versions: versions.map((v) => ({
      version: v.version,
      publishedAt: new Date(v.publishedAt).toISOString().slice(0, 10),
      title: v.title.en,
    })),
    variables: ordered,
    minSchoolsPerCombination: MIN_SCHOOLS_PER_COMBINATION,
    coarseningOrder: [...COARSENING_ORDER],
    coarsening: plan.summary,
    rows: plan.rows,
    smallCount: SMALL_COUNT,
    enrolmentBands: ENROLMENT_BANDS,
  };
}
