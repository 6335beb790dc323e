import { table } from "../../bench/report";
import { CATEGORIES, type LighthouseSummary } from "./audit";
import type { TourPage } from "./page-tour";
import type { VisitBytes } from "./repeat-visit";

/** Issue 9's budgets. KB = 1,000 bytes. */
export const BUDGET = { score: 95, firstVisitBytes: 100_000, repeatVisitBytes: 20_000, cls: 0.02 };

export interface PageResult {
  page: TourPage;
  lighthouse: LighthouseSummary;
  repeat: VisitBytes;
}

export interface RunFacts {
  lighthouseVersion: string;
  chromiumVersion: string;
  runs: number;
}

const kb = (bytes: number) => (bytes / 1000).toFixed(1);
const seconds = (ms: number) => (ms / 1000).toFixed(2);
const SHORT: Record<string, string> = {
  performance: "perf",
  accessibility: "a11y",
  "best-practices": "BP",
  seo: "SEO",
};

function lowScores(r: PageResult): string[] {
  return CATEGORIES.filter((c) => r.lighthouse.scores[c] < BUDGET.score).map(
    (c) => `${SHORT[c]} ${r.lighthouse.scores[c]}`,
  );
}

interface Budget {
  name: string;
  misses: (r: PageResult) => string | undefined;
}

const BUDGETS: Budget[] = [
  {
    name: `Lighthouse ≥ ${BUDGET.score} in performance, accessibility, best practices and SEO`,
    misses: (r) => (lowScores(r).length > 0 ? lowScores(r).join(", ") : undefined),
  },
  {
    name: `first visit ≤ ${BUDGET.firstVisitBytes / 1000} KB`,
    misses: (r) =>
      r.lighthouse.bytes.total > BUDGET.firstVisitBytes ? `${kb(r.lighthouse.bytes.total)} KB` : undefined,
  },
  {
    name: `repeat visit ≤ ${BUDGET.repeatVisitBytes / 1000} KB`,
    misses: (r) => (r.repeat.bytes > BUDGET.repeatVisitBytes ? `${kb(r.repeat.bytes)} KB` : undefined),
  },
  {
    name: `CLS ≤ ${BUDGET.cls}`,
    misses: (r) => {
      if (r.lighthouse.cls <= BUDGET.cls) return undefined;
      const moved = r.lighthouse.shifts.map((s) => `\`${s.element}\` ${s.score.toFixed(4)}`).join(", ");
      return `CLS ${r.lighthouse.cls.toFixed(4)}${moved ? `: ${moved}` : ""}`;
    },
  },
];

function budgetTable(results: PageResult[]): string {
  const rows = BUDGETS.map((budget) => {
    const misses = results.flatMap((r) => {
      const miss = budget.misses(r);
      return miss ? [`${r.page.name} (${miss})`] : [];
    });
    return [budget.name, misses.length === 0 ? "met" : "NOT met", misses.join("; ") || "—"];
  });
  return table(["budget", "result", "pages that miss it"], rows);
}

function pageTable(results: PageResult[]): string {
  const rows = results.map(({ page, lighthouse: l, repeat }) => [
    `${page.name} \`${page.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, "…")}\``,
    page.who,
    ...CATEGORIES.map((c) => l.scores[c]),
    seconds(l.fcpMs),
    seconds(l.lcpMs),
    l.cls.toFixed(3),
    Math.round(l.tbtMs),
    `${kb(l.bytes.total)} (${kb(l.bytes.html)} / ${kb(l.bytes.css)} / ${kb(l.bytes.js)} / ${kb(l.bytes.other)})`,
    kb(repeat.bytes),
  ]);
  return table(
    [
      "page",
      "as",
      "perf",
      "a11y",
      "BP",
      "SEO",
      "FCP s",
      "LCP s",
      "CLS",
      "TBT ms",
      "first visit KB (HTML / CSS / JS / other)",
      "repeat KB",
    ],
    rows,
  );
}

/** Each audit that costs points, with the pages where it does (and its score there). */
function lostPointsTable(results: PageResult[]): string {
  const byAudit = new Map<string, { category: string; title: string; pages: string[] }>();
  for (const r of results) {
    for (const lost of r.lighthouse.lost) {
      const key = `${lost.category}/${lost.id}`;
      const entry = byAudit.get(key) ?? { category: lost.category, title: lost.title, pages: [] };
      const value = lost.displayValue ? `, ${lost.displayValue}` : "";
      entry.pages.push(`${r.page.name} (${lost.score.toFixed(2)}${value})`);
      byAudit.set(key, entry);
    }
  }
  if (byAudit.size === 0) return "No audit costs any page a point.";
  const rows = [...byAudit].map(([key, e]) => [
    e.category,
    `\`${key.split("/")[1]}\` ${e.title.replaceAll("|", "\\|")}`,
    e.pages.join("; "),
  ]);
  return table(["category", "audit", "pages (score, detail)"], rows);
}

export function lighthouseMarkdown(results: PageResult[], facts: RunFacts): string {
  return [
    `Lighthouse ${facts.lighthouseVersion} (\`npm run lighthouse\`), mobile preset: simulated slow 4G and 4× CPU slowdown, cold cache; ` +
      `Debian Chromium ${facts.chromiumVersion}; ${facts.runs === 1 ? "one run" : `median of ${facts.runs} runs`} per page. ` +
      "The app runs on a fresh embedded database with the demo data; signed-in pages are visited with a demo account's session. " +
      "Repeat visit: the same browser profile comes back to the page (measured with Chromium's own byte counts, responses from cache excluded). KB = 1,000 bytes.",
    "",
    budgetTable(results),
    "",
    pageTable(results),
    "",
    "What costs points (every weighted audit below a full score):",
    "",
    lostPointsTable(results),
  ].join("\n");
}
