import * as chromeLauncher from "chrome-launcher";
import lighthouse, { type Flags, type Result } from "lighthouse";

export const CHROMIUM_PATH = "/usr/bin/chromium";

export const CHROMIUM_FLAGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export const CATEGORIES = ["performance", "accessibility", "best-practices", "seo"] as const;
export type Category = (typeof CATEGORIES)[number];

export interface LostPoints {
  category: Category;
  id: string;
  title: string;
  /** 0–1, or null for an audit that only informs. */
  score: number;
  displayValue?: string;
}

export interface LighthouseSummary {
  /** 0–100 per category. */
  scores: Record<Category, number>;
  fcpMs: number;
  lcpMs: number;
  cls: number;
  tbtMs: number;
  /** Bytes transferred on a first (cold) visit, and split by kind of resource. */
  bytes: { total: number; html: number; css: number; js: number; other: number };
  lost: LostPoints[];
  /** What moved, biggest shift first: the element (as Lighthouse names it) and its share of CLS. */
  shifts: { element: string; score: number }[];
}

function bytesByKind(lhr: Result): LighthouseSummary["bytes"] {
  const details = lhr.audits["network-requests"]?.details as
    | { items: { resourceType?: string; transferSize?: number }[] }
    | undefined;
  const bytes = {
    total: Math.round(lhr.audits["total-byte-weight"]?.numericValue ?? 0),
    html: 0,
    css: 0,
    js: 0,
    other: 0,
  };
  for (const item of details?.items ?? []) {
    const size = item.transferSize ?? 0;
    if (item.resourceType === "Document") bytes.html += size;
    else if (item.resourceType === "Stylesheet") bytes.css += size;
    else if (item.resourceType === "Script") bytes.js += size;
    else bytes.other += size;
  }
  return bytes;
}

/** Every weighted audit that scored below 1: what costs each category its points. */
function lostPoints(lhr: Result): LostPoints[] {
  const lost: LostPoints[] = [];
  for (const category of CATEGORIES) {
    for (const ref of lhr.categories[category]?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id];
      if (!audit || ref.weight === 0 || audit.score === null || audit.score >= 1) continue;
      lost.push({
        category,
        id: ref.id,
        title: audit.title,
        score: audit.score,
        displayValue: audit.displayValue,
      });
    }
  }
  return lost;
}

function layoutShifts(lhr: Result): LighthouseSummary["shifts"] {
  const details = lhr.audits["layout-shifts"]?.details as
    | { items?: { score: number; node?: { selector?: string; snippet?: string } }[] }
    | undefined;
  return (details?.items ?? []).map((item) => ({
    element: item.node?.selector ?? item.node?.snippet ?? "(not named)",
    score: item.score,
  }));
}

export function summarise(lhr: Result): LighthouseSummary {
  const numeric = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  const scores = Object.fromEntries(
    CATEGORIES.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)]),
  ) as Record<Category, number>;
  return {
    scores,
    fcpMs: numeric("first-contentful-paint"),
    lcpMs: numeric("largest-contentful-paint"),
    cls: numeric("cumulative-layout-shift"),
    tbtMs: numeric("total-blocking-time"),
    bytes: bytesByKind(lhr),
    lost: lostPoints(lhr),
    shifts: layoutShifts(lhr),
  };
}

/**
 * One Lighthouse run with its default settings: mobile form factor and simulated throttling
 * (a mid-range phone on a slow 4G connection), cold cache, in a Chromium of its own. Its own,
 * because Lighthouse keeps cookies between runs, and a cookie Chromium holds for the site
 * replaces the Cookie header given here: a signed-in page would be measured signed out.
 */
export async function auditPage(url: string, cookie?: string): Promise<LighthouseSummary> {
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM_PATH, chromeFlags: CHROMIUM_FLAGS });
  try {
    const flags: Flags = {
      port: chrome.port,
      output: "json",
      logLevel: "error",
      onlyCategories: [...CATEGORIES],
      ...(cookie ? { extraHeaders: { Cookie: cookie } } : {}),
    };
    const result = await lighthouse(url, flags);
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    const error = result.lhr.runtimeError;
    if (error) throw new Error(`Lighthouse could not load ${url}: ${error.code} ${error.message}`);
    // A signed-in page whose session did not reach the server redirects to the sign-in page.
    if (result.lhr.finalDisplayedUrl !== url)
      throw new Error(`Lighthouse was sent from ${url} to ${result.lhr.finalDisplayedUrl}`);
    return summarise(result.lhr);
  } finally {
    chrome.kill();
  }
}

/**
 * Lighthouse sometimes loses its trace on a busy machine (NO_NAVSTART, protocol timeouts):
 * such a run is tried again, up to three times in all.
 */
async function auditWithRetries(url: string, cookie?: string): Promise<LighthouseSummary> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await auditPage(url, cookie);
    } catch (error) {
      if (attempt === 3) throw error;
      console.warn(`  (run ${attempt} failed, trying again: ${(error as Error).message.slice(0, 160)})`);
    }
  }
}

/** The run with the median performance score of several, so one noisy run does not decide. */
export async function medianAudit(url: string, runs: number, cookie?: string): Promise<LighthouseSummary> {
  const results: LighthouseSummary[] = [];
  for (let i = 0; i < runs; i++) results.push(await auditWithRetries(url, cookie));
  results.sort((a, b) => a.scores.performance - b.scores.performance);
  return results[Math.floor(results.length / 2)]!;
}
