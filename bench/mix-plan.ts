// What the page-mix benchmark asks for: which pages, how often, as whom. Pure: the random
// source is passed in, so the choice is tested without a server.
import type { MixData, MixSchool } from "./generate/mix-data";

export interface PlannedRequest {
  /** The page's name in the mix (tallies are kept per label). */
  label: string;
  method: "GET" | "POST" | "PUT";
  path: string;
  /** The only status that counts as success: 200 for a page or an autosave, 303 after a form post. */
  expect: 200 | 303;
  headers: Record<string, string>;
  body?: string;
  /** Set on an autosave: the section it writes, freed when its answer arrives. */
  slot?: AutosaveSlot;
}

/** A signed-in browser after its first visit: session and CSRF cookies, and a form's token. */
export interface Browser {
  cookie: string;
  csrfToken: string;
  school: number;
  onDistrictTeam: boolean;
}

/** One section of an assessment in progress; one write at a time, with the version it read. */
export interface AutosaveSlot {
  path: string;
  school: number;
  ratingItems: string[];
  version: number;
  busy: boolean;
}

export type Random = () => number;

export interface MixEntry<Context> {
  label: string;
  weight: number;
  /** Posts or saves something (every other entry only reads). */
  write?: boolean;
  build: (context: Context, random: Random) => PlannedRequest | null;
}

/** Picks an entry with probability proportional to its weight; `random()` is in [0, 1). */
export function pickWeighted<T extends { weight: number }>(entries: readonly T[], random: Random): T {
  const total = entries.reduce((sum, e) => sum + e.weight, 0);
  let point = random() * total;
  for (const entry of entries) {
    point -= entry.weight;
    if (point < 0) return entry;
  }
  return entries[entries.length - 1]!;
}

export const pickOne = <T>(items: readonly T[], random: Random): T =>
  items[Math.floor(random() * items.length)]!;

/** What every browser sends with a page request; it decides whether the answer is compressed. */
export const BROWSER_HEADERS = {
  accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
  "accept-encoding": "gzip, deflate, br",
  "accept-language": "en-US,en;q=0.9",
};

const page = (label: string, path: string, cookie?: string): PlannedRequest => ({
  label,
  method: "GET",
  path,
  expect: 200,
  headers: cookie ? { ...BROWSER_HEADERS, cookie } : { ...BROWSER_HEADERS },
});

const SEARCHES = ["elementary", "harbor", "middle school", "valley", "high"];

/** Visitors who are not signed in and hold no cookies (a first visit, as most public traffic). */
export function signedOutMix(data: MixData): MixEntry<undefined>[] {
  return [
    { label: "home", weight: 25, build: () => page("home", "/") },
    { label: "practice groups", weight: 10, build: () => page("practice groups", "/practice-groups") },
    { label: "a community", weight: 15, build: () => page("a community", data.communityPath) },
    {
      label: "a topic (50 replies)",
      weight: 20,
      build: () => page("a topic (50 replies)", data.longTopicPath),
    },
    {
      label: "directory search",
      weight: 10,
      build: (_c, random) =>
        page("directory search", `/directory/schools?q=${encodeURIComponent(pickOne(SEARCHES, random))}`),
    },
    { label: "community reach", weight: 10, build: () => page("community reach", "/communities/reach") },
    {
      label: "a state's directory",
      weight: 10,
      build: () => page("a state's directory", data.stateDirectoryPath),
    },
  ];
}

export interface SignedInContext {
  data: MixData;
  browsers: Browser[];
  districtBrowsers: Browser[];
  slots: AutosaveSlot[];
  /** Reply bodies are numbered so every post differs. */
  counter: { replies: number };
}

const schoolOf = (ctx: SignedInContext, b: Browser): MixSchool => ctx.data.schools[b.school]!;

/** A reply posted through the topic's form, as a browser without JavaScript sends it. */
function reply(ctx: SignedInContext, random: Random): PlannedRequest {
  const who = pickOne(ctx.browsers, random);
  const topic = pickOne(ctx.data.replyTopicPaths, random);
  const n = ++ctx.counter.replies;
  const form = new URLSearchParams({
    _csrf: who.csrfToken,
    body: `Thanks, this helps. At our school we tried it this term (bench reply ${n}).`,
  });
  return {
    label: "write: reply",
    method: "POST",
    path: `${topic}/replies`,
    expect: 303,
    headers: {
      ...BROWSER_HEADERS,
      cookie: who.cookie,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: form.toString(),
  };
}

/**
 * An autosave as the section form's script sends it: the section's ratings with the version it
 * last saw. A section already being saved is skipped (one person edits a section at a time),
 * so the version sent is always the current one; null when every section is busy.
 */
export function autosave(ctx: SignedInContext, random: Random): PlannedRequest | null {
  const free = ctx.slots.filter((s) => !s.busy);
  if (free.length === 0) return null;
  const slot = pickOne(free, random);
  const writers = ctx.browsers.filter((b) => b.school === slot.school);
  const who = pickOne(writers, random);
  const rating = (slot.version % 6) + 1;
  slot.busy = true;
  return {
    label: "write: autosave",
    method: "PUT",
    path: slot.path,
    expect: 200,
    headers: {
      "accept-encoding": BROWSER_HEADERS["accept-encoding"],
      accept: "application/json",
      "content-type": "application/json",
      cookie: who.cookie,
    },
    body: JSON.stringify({
      version: slot.version,
      answers: Object.fromEntries(slot.ratingItems.map((key) => [key, rating])),
    }),
    slot,
  };
}

/** Reads and writes of signed-in people: 200 sessions, ~5% writes. */
export function signedInMix(): MixEntry<SignedInContext>[] {
  const as = (
    label: string,
    path: (ctx: SignedInContext, b: Browser) => string,
    who: "anyone" | "district" = "anyone",
  ) => ({
    label,
    build: (ctx: SignedInContext, random: Random) => {
      const b = pickOne(who === "district" ? ctx.districtBrowsers : ctx.browsers, random);
      return page(label, path(ctx, b), b.cookie);
    },
  });
  return [
    { weight: 20, ...as("home", () => "/") },
    { weight: 8, ...as("account", () => "/account") },
    { weight: 12, ...as("a community", (ctx) => ctx.data.communityPath) },
    { weight: 20, ...as("a topic (50 replies)", (ctx) => ctx.data.longTopicPath) },
    { weight: 10, ...as("notifications", () => "/notifications") },
    { weight: 10, ...as("assessment form section", (ctx, b) => schoolOf(ctx, b).formPath) },
    { weight: 8, ...as("school report", (ctx, b) => schoolOf(ctx, b).reportPath) },
    { weight: 7, ...as("district dashboard", (ctx) => ctx.data.districtDashboardPath, "district") },
    { label: "write: reply", weight: 2.5, write: true, build: reply },
    // Every section busy: the write becomes a reply, so the write rate stays what the mix says.
    {
      label: "write: autosave",
      weight: 2.5,
      write: true,
      build: (ctx, random) => autosave(ctx, random) ?? reply(ctx, random),
    },
  ];
}

/** Frees an autosave's section and moves its version on, from the answer the server gave. */
export function settleAutosave(slot: AutosaveSlot, status: number, body: string) {
  slot.busy = false;
  if (status !== 200) return;
  try {
    const parsed = JSON.parse(body) as { version?: number };
    slot.version = typeof parsed.version === "number" ? parsed.version : slot.version + 1;
  } catch {
    // A compressed answer is not readable here; a save that changed answers moves the version by one.
    slot.version += 1;
  }
}

export function autosaveSlots(data: MixData): AutosaveSlot[] {
  return data.schools.flatMap((school, index) =>
    school.autosaves.map((a) => ({
      path: a.path,
      school: index,
      ratingItems: a.ratingItems,
      version: a.version,
      busy: false,
    })),
  );
}

/** "home 25%, …": the mix as the report prints it. */
export function describeMix(entries: readonly { label: string; weight: number }[]): string {
  const total = entries.reduce((sum, e) => sum + e.weight, 0);
  return entries.map((e) => `${e.label} ${+((e.weight / total) * 100).toFixed(1)}%`).join(", ");
}
