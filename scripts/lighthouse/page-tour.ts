import { DEMO_PASSWORD } from "../../src/seed/demo";

/**
 * The pages whose speed and weight we measure: every public page and the main signed-in ones,
 * found on the demo data by following links (and the communities API), never by a stored id,
 * so the same tour works on any fresh data directory. Shared by `npm run lighthouse` (over HTTP)
 * and the byte-budget test (over app.inject).
 */

export interface PageResponse {
  status: number;
  body: string;
  location?: string;
}

/** A browser-like client: keeps its cookies and fills the CSRF token into the forms it posts. */
export interface PageClient {
  get(path: string): Promise<PageResponse>;
  postForm(path: string, fields: Record<string, string>): Promise<PageResponse>;
}

export type Who = "visitor" | "state lead" | "school lead";

export interface TourPage {
  name: string;
  path: string;
  who: Who;
}

/** Demo accounts (README "Demo accounts"): a state lead reads dashboards; a school lead fills forms. */
export const DEMO_EMAILS: Record<Exclude<Who, "visitor">, string> = {
  "state lead": "state.lead@demo.smhcommons.org",
  "school lead": "school.lead@demo.smhcommons.org",
};

export type TourClients = Record<Who, PageClient>;

/** Signs in through the real sign-in form (CSRF token included by the client). */
export async function signIn(client: PageClient, email: string): Promise<void> {
  await client.get("/sign-in");
  const res = await client.postForm("/sign-in", { email, password: DEMO_PASSWORD });
  if (res.status !== 303) throw new Error(`signing in ${email} answered ${res.status}, not 303`);
}

/** Same-site links in a page whose path matches `pattern`, in page order, without repeats. */
export function linksIn(html: string, pattern: RegExp): string[] {
  const found: string[] = [];
  for (const [, href] of html.matchAll(/href="([^"]+)"/g)) {
    const path = href!.replaceAll("&amp;", "&");
    if (pattern.test(path) && !found.includes(path)) found.push(path);
  }
  return found;
}

async function page(client: PageClient, path: string): Promise<string> {
  const res = await client.get(path);
  if (res.status !== 200) throw new Error(`page tour: GET ${path} answered ${res.status}`);
  return res.body;
}

async function firstLink(client: PageClient, from: string, pattern: RegExp, what: string): Promise<string> {
  const link = linksIn(await page(client, from), pattern)[0];
  if (!link) throw new Error(`page tour: no link to ${what} on ${from}`);
  return link;
}

const TOPIC = /^\/communities\/[^/]+\/topics\/(?!new$)[^/?#]+$/;

/** The first of these communities whose page (as the client sees it) links to a topic. */
async function communityWithTopic(client: PageClient, communityPaths: string[]) {
  for (const path of communityPaths) {
    const html = await page(client, path);
    const topic = linksIn(html, TOPIC)[0];
    if (topic) return { community: path, topic, html };
  }
  throw new Error(`page tour: none of ${communityPaths.join(", ")} links to a topic`);
}

async function publicCommunityPages(visitor: PageClient): Promise<TourPage[]> {
  const listed = linksIn(await page(visitor, "/communities"), /^\/communities\/[a-z0-9-]+$/).filter(
    (path) => !["/communities/search", "/communities/reach", "/communities/new"].includes(path),
  );
  const { community, topic, html } = await communityWithTopic(visitor, listed);
  const person = linksIn(html, /^\/people\/[^/?#]+$/)[0];
  if (!person) throw new Error(`page tour: no person linked from ${community}`);
  return [
    { name: "a public community", path: community, who: "visitor" },
    { name: "a topic in it", path: topic, who: "visitor" },
    { name: "a person's profile", path: person, who: "visitor" },
  ];
}

/** The school team's organisation page and its state's directory page, from the lead's account. */
async function directoryPages(schoolLead: PageClient): Promise<TourPage[]> {
  const organisation = await firstLink(schoolLead, "/account", /^\/organisations\/[^/?#]+$/, "a team");
  const state = await firstLink(schoolLead, organisation, /^\/directory\/states\/[A-Z]{2}$/, "a state");
  return [
    { name: "a state page", path: state, who: "visitor" },
    { name: "an organisation page", path: organisation, who: "visitor" },
  ];
}

/** The hidden fields of the form posting to `action` that carries `marker` (e.g. value="quality"). */
function hiddenFieldsOfForm(
  html: string,
  action: string,
  marker: string,
): Record<string, string> | undefined {
  for (const [form] of html.matchAll(/<form\b[^>]*>[\s\S]*?<\/form>/g)) {
    if (!form.includes(`action="${action}"`) || !form.includes(marker)) continue;
    const fields: Record<string, string> = {};
    for (const [, name, value] of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g))
      if (name !== "_csrf") fields[name!] = value!.replaceAll("&amp;", "&");
    return fields;
  }
  return undefined;
}

/**
 * The assessment form: a section of this year's quality assessment of the lead's school, started
 * through the page's own "Start an assessment" form when there is none yet (demo data has
 * submitted assessments only in past years, and a submitted one shows answers, not the form).
 */
async function assessmentFormPath(schoolLead: PageClient, school: string): Promise<string> {
  const html = await page(schoolLead, school);
  const start = `${school}/start`;
  const fields = hiddenFieldsOfForm(html, start, 'value="quality"');
  let response = linksIn(html, /^\/measures\/responses\/[^/?#]+$/)[0];
  if (fields) {
    const res = await schoolLead.postForm(start, fields);
    if (res.status !== 303 || !res.location)
      throw new Error(`page tour: starting an assessment answered ${res.status}`);
    response = new URL(res.location, "http://x").pathname;
  }
  if (!response) throw new Error(`page tour: no assessment to open on ${school}`);
  return firstLink(schoolLead, response, /^\/measures\/responses\/[^/]+\/sections\/[^/?#]+$/, "a section");
}

/** A submitted assessment's report, from the first school year (newest first) that has one. */
async function reportPath(schoolLead: PageClient, school: string): Promise<string> {
  const years = [...(await page(schoolLead, school)).matchAll(/<option value="(\d{4}-\d{2})"/g)].map(
    (m) => m[1],
  );
  for (const year of years) {
    const report = linksIn(
      await page(schoolLead, `${school}?year=${year}`),
      /^\/measures\/responses\/[^/]+\/report$/,
    )[0];
    if (report) return report;
  }
  throw new Error(`page tour: no report on ${school} in ${years.join(", ")}`);
}

async function schoolLeadPages(schoolLead: PageClient): Promise<{ pages: TourPage[]; guidance: string }> {
  const school = await firstLink(
    schoolLead,
    "/measures",
    /^\/measures\/orgs\/[^/?#]+$/,
    "the team's measures",
  );
  const report = await reportPath(schoolLead, school);
  const guidance = await firstLink(schoolLead, report, /^\/measures\/guidance\//, "domain guidance");
  return {
    guidance,
    pages: [
      {
        name: "the assessment form (a section)",
        path: await assessmentFormPath(schoolLead, school),
        who: "school lead",
      },
      { name: "an assessment report", path: report, who: "school lead" },
    ],
  };
}

/** A community the lead belongs to (private ones first: their pages are members-only) and a topic in it. */
async function memberCommunityPages(stateLead: PageClient): Promise<TourPage[]> {
  const res = await stateLead.get("/api/v1/communities");
  const { items } = JSON.parse(res.body) as {
    items: { slug: string; visibility: string; viewerRole: string | null }[];
  };
  const mine = items
    .filter((c) => c.viewerRole !== null)
    .sort((a, b) => Number(a.visibility === "public") - Number(b.visibility === "public"))
    .map((c) => `/communities/${c.slug}`);
  const { community, topic } = await communityWithTopic(stateLead, mine);
  return [
    { name: "a community (as a member)", path: community, who: "state lead" },
    { name: "a topic (as a member)", path: topic, who: "state lead" },
  ];
}

async function dashboardPages(stateLead: PageClient): Promise<TourPage[]> {
  const state = await firstLink(
    stateLead,
    "/measures",
    /^\/measures\/dashboards\/state\/[^/?#]+$/,
    "a state dashboard",
  );
  const district = await firstLink(
    stateLead,
    state,
    /^\/measures\/dashboards\/district\/[^/.]+(\?.*)?$/,
    "a district dashboard",
  );
  return [
    { name: "a district dashboard", path: district, who: "state lead" },
    { name: "a state dashboard", path: state, who: "state lead" },
  ];
}

const FIXED_PUBLIC: [string, string][] = [
  ["home", "/"],
  ["practice groups", "/practice-groups"],
  ["communities", "/communities"],
  ["directory", "/directory"],
  ["school search", "/directory/schools"],
  ["sign in", "/sign-in"],
  ["register", "/register"],
  ["forgot password", "/forgot-password"],
  ["accessibility statement", "/accessibility"],
  ["privacy", "/privacy"],
  ["agenda", "/agenda"],
  // A search word every demo data set matches; ids are never stored, words may be.
  ["community search", "/communities/search?q=school"],
  ["reach", "/communities/reach"],
  ["API reference", "/api/v1/docs"],
  // The largest topic of the reference; topic names come from the code, not the data.
  ["API reference: communities", "/api/v1/docs/communities"],
];

/**
 * Every page of the tour, each checked to answer 200 to the one who will visit it. Signs the
 * state and school leads in first (their clients keep the sessions).
 */
export async function tourPages(clients: TourClients): Promise<TourPage[]> {
  await signIn(clients["state lead"], DEMO_EMAILS["state lead"]);
  await signIn(clients["school lead"], DEMO_EMAILS["school lead"]);
  const fixed = FIXED_PUBLIC.map(([name, path]): TourPage => ({ name, path, who: "visitor" }));
  const school = await schoolLeadPages(clients["school lead"]);
  const pages: TourPage[] = [
    ...fixed.slice(0, 4),
    ...(await directoryPages(clients["school lead"])),
    ...fixed.slice(4),
    ...(await publicCommunityPages(clients.visitor)),
    { name: "domain guidance", path: school.guidance, who: "visitor" },
    { name: "account", path: "/account", who: "state lead" },
    { name: "notifications", path: "/notifications", who: "state lead" },
    { name: "measures", path: "/measures", who: "state lead" },
    ...(await memberCommunityPages(clients["state lead"])),
    ...school.pages,
    ...(await dashboardPages(clients["state lead"])),
  ];
  for (const p of pages) await page(clients[p.who], p.path);
  return pages;
}
