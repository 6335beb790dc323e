import type { LightMyRequestResponse } from "fastify";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { joinRequests } from "../src/domains/teams/schema";
import { queryRows } from "../src/platform/db/client";
import { addMembership, buildDistrictWithSchools, buildUser } from "../src/seed/factories";
import { DATABASES, signedInClient, type TestApp, TestClient } from "./support/app";
import {
  BAD_TEXT,
  badVariants,
  encodeLoose,
  type Json,
  parseQueryString,
  sampleValue,
  toQueryString,
} from "./support/bad-requests";
import {
  type CollectedRoute,
  type ServerError,
  startTestAppWithRoutes,
  validatorFor,
} from "./support/routes";

/** Tables that legitimately change on any request (sessions, throttles, queues, the audit trail). */
const VOLATILE_TABLES = new Set(["throttles", "sessions", "jobs", "email_outbox", "audit_log"]);

async function tableCounts(t: TestApp): Promise<Record<string, number>> {
  const tables = await queryRows<{ table_name: string }>(
    t.db,
    sql`select table_name from information_schema.tables
        where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name: name } of tables) {
    if (VOLATILE_TABLES.has(name)) continue;
    const [row] = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from ${sql.identifier(name)}`,
    );
    counts[name] = row!.n;
  }
  return counts;
}

/** Bad values for a path segment: every bad text plus ids of the wrong shape. */
const BAD_PARAMS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(BAD_TEXT).filter(([k]) => k !== "oneMegabyte")),
  notAnId: "not-an-id",
  number: "12345",
  traversal: "..%2F..%2Fetc%2Fpasswd",
  injection: "1' OR '1'='1",
  long: "a".repeat(300),
  unknownUuid: "00000000-0000-4000-8000-000000000000",
};

const SKIP_PAGES = /^\/(assets|language|healthz|readyz)\b|\*/;

interface Seeded {
  hints: Record<string, string>;
  bySegment: Record<string, string>;
}

/** An id that exists for a `:param`, chosen by its name or by the path segment before it. */
function existingIdFor(url: string, param: string, seeded: Seeded): string {
  if (seeded.hints[param]) return seeded.hints[param]!;
  const segments = url.split("/");
  const before = segments[segments.indexOf(`:${param}`) - 1] ?? "";
  for (const [pattern, id] of Object.entries(seeded.bySegment)) if (before.includes(pattern)) return id;
  return seeded.hints.id!;
}

function fillPath(url: string, values: Record<string, string>): string {
  return url.replace(/:(\w+)/g, (_m, name: string) => encodeLoose(String(values[name] ?? "")));
}

function problemText(route: string, label: string, res: LightMyRequestResponse): string {
  const body = res.statusCode >= 500 ? "" : `: ${res.body.slice(0, 200)}`;
  return `${route} [${label}] answered ${res.statusCode}${body}`;
}

/** The failures, then the distinct server errors behind them (the app's logger is silent in tests). */
function report(failures: string[], errors: ServerError[]): string {
  const causes = [...new Map(errors.map((e) => [e.message.split("\n")[0], e])).values()];
  return [
    `${failures.length} bad request(s) not rejected cleanly:`,
    ...failures.slice(0, 40),
    failures.length > 40 ? `…and ${failures.length - 40} more` : "",
    causes.length ? "Server errors:" : "",
    ...causes.slice(0, 10).map((e) => `${e.method} ${e.url}\n  ${e.message}`),
  ].join("\n");
}

interface ScrapedForm {
  action: string;
  method: "get" | "post";
  fields: { name: string; type: string; required: boolean; value: string }[];
  seenBy: "admin" | "anonymous";
}

/** The forms on a page, with their fields (hidden ones included, _csrf left out). */
function scrapeForms(html: string, seenBy: ScrapedForm["seenBy"]): ScrapedForm[] {
  const forms: ScrapedForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = match[1]!;
    const action = attrs.match(/action="([^"]*)"/)?.[1]?.replace(/&amp;/g, "&") ?? "";
    const method = /method="post"/i.test(attrs) ? "post" : "get";
    const fields = new Map<string, ScrapedForm["fields"][number]>();
    const body = match[2]!;
    for (const field of body.matchAll(
      /<(input|select|textarea)\b([^>]*)>(?:([\s\S]*?)<\/(?:select|textarea)>)?/g,
    )) {
      const tag = field[1]!;
      const attrs = field[2]!;
      const name = attrs.match(/name="([^"]+)"/)?.[1];
      if (!name || name === "_csrf") continue;
      const type = tag === "input" ? (attrs.match(/type="([^"]+)"/)?.[1] ?? "text") : tag;
      if (type === "submit" || type === "button") continue;
      let value = attrs.match(/value="([^"]*)"/)?.[1] ?? "";
      if (tag === "select") value = field[3]?.match(/<option[^>]*value="([^"]*)"[^>]*selected/)?.[1] ?? "";
      if (tag === "textarea") value = field[3] ?? "";
      if ((type === "radio" || type === "checkbox") && !/\schecked/.test(attrs)) value = "";
      const required = /\srequired(=|\s|$)/.test(attrs);
      const seen = fields.get(name);
      fields.set(name, {
        name,
        type,
        required: required || (seen?.required ?? false),
        value: value || seen?.value || "",
      });
    }
    if (action.startsWith("/")) forms.push({ action, method, fields: [...fields.values()], seenBy });
  }
  return forms;
}

describe.each(DATABASES)("bad input, generated from the routes, on %s", (kind) => {
  let t: TestApp;
  let routes: CollectedRoute[];
  let serverErrors: ServerError[];
  let admin: TestClient;
  let anonymous: TestClient;
  let seeded: Seeded;
  let before: Record<string, number>;

  beforeAll(async () => {
    ({ t, routes, serverErrors } = await startTestAppWithRoutes(kind));
    const { district, schools } = await buildDistrictWithSchools(t.db, "MD", 2);
    const school = schools[0]!;
    const adminUser = await buildUser(t.db, { systemRole: "admin" });
    const lead = await buildUser(t.db);
    const member = await buildUser(t.db);
    const asker = await buildUser(t.db);
    await addMembership(t.db, lead.id, school.id, "lead");
    const membership = await addMembership(t.db, member.id, school.id, "member");
    const [request] = await t.db
      .insert(joinRequests)
      .values({ userId: asker.id, organisationId: school.id })
      .returning();
    const [community] = await queryRows<{ id: string; slug: string }>(
      t.db,
      sql`select id, slug from communities limit 1`,
    );
    seeded = {
      hints: {
        id: school.id,
        orgId: school.id,
        organisationId: school.id,
        schoolId: school.id,
        districtId: district.id,
        userId: member.id,
        memberId: membership.id,
        membershipId: membership.id,
        requestId: request!.id,
        joinRequestId: request!.id,
        communityId: community?.id ?? school.id,
        slug: community?.slug ?? "x",
        locale: "en",
        code: "MD",
      },
      bySegment: {
        "join-requests": request!.id,
        requests: request!.id,
        memberships: membership.id,
        members: membership.id,
        users: member.id,
        people: member.id,
        communities: community?.id ?? school.id,
        "practice-groups": community?.id ?? school.id,
        districts: district.id,
        organisations: school.id,
        schools: school.id,
      },
    };
    admin = await signedInClient(t, adminUser.id);
    anonymous = new TestClient(t.app);
    await anonymous.get("/");
    before = await tableCounts(t);
  });
  afterAll(() => t?.close());

  it("rejects every generated bad body, query and path with a 4xx problem, never a 5xx", async () => {
    const shared = t.app.getSchemas() as Record<string, Json>;
    const apiRoutes = routes.filter((r) => r.schema?.body || r.schema?.querystring || r.schema?.params);
    expect(routes.some((r) => r.url === "/api/v1/practice-groups")).toBe(true);
    const failures: string[] = [];
    // Routes whose body validation was reached: the path and query were valid enough to get there.
    const bodyReached = new Set<string>();
    let sent = 0;

    for (const route of apiRoutes) {
      const isApi = route.url.startsWith("/api/");
      const validParams: Record<string, string> = {};
      for (const name of route.url.match(/:(\w+)/g)?.map((p) => p.slice(1)) ?? []) {
        validParams[name] = existingIdFor(route.url, name, seeded);
      }
      const paramsOk = validatorFor(route, "params");
      if (paramsOk && !paramsOk(validParams)) {
        Object.assign(
          validParams,
          sampleValue(route.schema!.params, shared, seeded.hints) as Record<string, string>,
        );
      }
      const validQuery = route.schema?.querystring
        ? (sampleValue(route.schema.querystring, shared, seeded.hints) as Json)
        : {};
      const validBody = route.schema?.body ? sampleValue(route.schema.body, shared, seeded.hints) : undefined;

      // routerLevel: refused by Fastify's router before any hook runs (see the malformed-URL test below).
      const attempts: { label: string; url: string; payload?: unknown; routerLevel?: boolean }[] = [];
      const path = fillPath(route.url, validParams);
      const query = toQueryString(validQuery);
      const withQuery = (p: string, q: string) => (q ? `${p}?${q}` : p);

      const bodyOk = validatorFor(route, "body");
      if (route.schema?.body && bodyOk) {
        for (const variant of badVariants(route.schema.body, shared, seeded.hints)) {
          if (bodyOk(variant.value)) continue; // the app would rightly accept it
          attempts.push({
            label: `body ${variant.label}`,
            url: withQuery(path, query),
            payload: variant.value,
          });
        }
      }
      const queryOk = validatorFor(route, "querystring");
      if (route.schema?.querystring && queryOk) {
        for (const variant of badVariants(route.schema.querystring, shared, seeded.hints)) {
          if (typeof variant.value !== "object" || variant.value === null || Array.isArray(variant.value))
            continue;
          const q = toQueryString(variant.value as Json);
          if (queryOk(parseQueryString(q))) continue;
          attempts.push({ label: `query ${variant.label}`, url: withQuery(path, q), payload: validBody });
        }
      }
      if (paramsOk) {
        for (const name of Object.keys(validParams)) {
          for (const [label, value] of Object.entries(BAD_PARAMS)) {
            const params = { ...validParams, [name]: value };
            if (paramsOk(params)) continue;
            attempts.push({
              label: `param ${name} = ${label}`,
              url: withQuery(fillPath(route.url, params), query),
              payload: validBody,
              routerLevel: label === "loneSurrogate" || label === "long",
            });
          }
        }
      }

      for (const attempt of attempts) {
        for (const [who, client] of [
          ["admin", admin],
          ["anonymous", anonymous],
        ] as const) {
          const res = await client.request({
            method: route.method as "POST",
            url: attempt.url,
            payload: attempt.payload === undefined ? undefined : JSON.stringify(attempt.payload),
            headers: attempt.payload === undefined ? {} : { "content-type": "application/json" },
          });
          sent++;
          const label = `${who}, ${attempt.label}`;
          // A page sends a visitor who is not signed in to the sign-in page before it looks at the input.
          const toSignIn =
            !isApi &&
            who === "anonymous" &&
            [302, 303].includes(res.statusCode) &&
            String(res.headers.location).startsWith("/sign-in");
          if (toSignIn) continue;
          if (isApi && attempt.label.startsWith("body ") && res.statusCode === 400) {
            const pointer = (res.json() as { errors?: { pointer: string }[] }).errors?.[0]?.pointer ?? "";
            if (pointer.startsWith("/body")) bodyReached.add(`${route.method} ${route.url}`);
          }
          if (res.statusCode < 400 || res.statusCode >= 500)
            failures.push(problemText(`${route.method} ${route.url}`, label, res));
          else if (
            isApi &&
            !attempt.routerLevel &&
            !String(res.headers["content-type"]).includes("application/problem+json")
          ) {
            failures.push(
              `${route.method} ${route.url} [${label}] answered ${res.statusCode} without problem+json`,
            );
          }
        }
      }
    }
    expect(failures, report(failures, serverErrors)).toEqual([]);
    expect(sent).toBeGreaterThan(0);
    const withBody = apiRoutes
      .filter((r) => r.schema?.body && r.url.startsWith("/api/"))
      .map((r) => `${r.method} ${r.url}`);
    expect(
      withBody.filter((r) => !bodyReached.has(r)),
      "API routes whose body validation was never reached",
    ).toEqual([]);
    expect(await tableCounts(t)).toEqual(before);
  });

  it("answers bad values posted to every HTML form with the form again or a 4xx, never a 5xx", async () => {
    const pageRoutes = routes.filter(
      (r) => r.method === "GET" && !r.url.startsWith("/api/") && !SKIP_PAGES.test(r.url),
    );
    const forms = new Map<string, ScrapedForm>();
    for (const route of pageRoutes) {
      const params = Object.fromEntries(
        (route.url.match(/:(\w+)/g) ?? []).map((p) => [
          p.slice(1),
          existingIdFor(route.url, p.slice(1), seeded),
        ]),
      );
      for (const [who, client] of [
        ["admin", admin],
        ["anonymous", anonymous],
      ] as const) {
        const res = await client.get(fillPath(route.url, params));
        expect(res.statusCode, `GET ${route.url} as ${who}`).toBeLessThan(500);
        if (!String(res.headers["content-type"]).includes("text/html")) continue;
        for (const form of scrapeForms(res.body, who)) {
          const key = `${form.method} ${form.action} ${who}`;
          if (!forms.has(key)) forms.set(key, form);
        }
      }
    }

    // Some pages create a row when first viewed (a profile, say); count from after the visits.
    const beforePosts = await tableCounts(t);
    const failures: string[] = [];
    const covered = new Set<string>();
    for (const form of forms.values()) {
      const userFields = form.fields.filter((f) => f.type !== "hidden");
      if (userFields.length === 0) continue; // a one-button action: nothing a person types
      const client = form.seenBy === "admin" ? admin : anonymous;
      covered.add(form.action.split("?")[0]!);
      const baseline = Object.fromEntries(form.fields.map((f) => [f.name, f.value]));
      const variants: { label: string; fields: Record<string, string | string[]> }[] = [];
      const hiddenOnly = Object.fromEntries(
        form.fields.filter((f) => f.type === "hidden").map((f) => [f.name, f.value]),
      );
      for (const [label, value] of Object.entries(BAD_TEXT)) {
        // A lone surrogate cannot travel in a URL-encoded form: encoders turn it into U+FFFD, a real character.
        if (label === "loneSurrogate") continue;
        variants.push({
          label,
          fields: { ...baseline, ...Object.fromEntries(userFields.map((f) => [f.name, value])) },
        });
      }
      variants.push({
        label: "every field repeated",
        fields: { ...baseline, ...Object.fromEntries(userFields.map((f) => [f.name, ["a", "b\u0000"]])) },
      });
      // With nothing required, leaving every field out is a legitimate (if odd) submission.
      if (userFields.some((f) => f.required))
        variants.push({
          label: "nested keys instead of fields",
          fields: { ...hiddenOnly, ...Object.fromEntries(userFields.map((f) => [`${f.name}[a][b]`, "x"])) },
        });
      if (userFields.some((f) => f.required))
        variants.push({ label: "every field left out", fields: hiddenOnly });
      // An edit form may keep a value that is left out; a required field of an empty form may not be.
      for (const field of userFields.filter((f) => f.required && f.value === "")) {
        const { [field.name]: _missing, ...rest } = baseline;
        variants.push({ label: `${field.name} missing`, fields: rest });
      }
      for (const variant of variants) {
        if (form.method === "get") {
          const res = await client.get(`${form.action.split("?")[0]}?${toQueryString(variant.fields)}`);
          if (res.statusCode >= 500)
            failures.push(problemText(`GET form ${form.action}`, variant.label, res));
          continue;
        }
        const res = await client.postForm(form.action, variant.fields);
        const formAgain = res.statusCode === 200 && res.body.includes('id="error-summary"');
        if (!(formAgain || (res.statusCode >= 400 && res.statusCode < 500))) {
          failures.push(problemText(`POST ${form.action} as ${form.seenBy}`, variant.label, res));
        }
      }
    }

    // POST pages no form led to: bad ids and bad fields must still never break the server.
    const garbage = Object.fromEntries(
      ["name", "email", "password", "message", "q", "title", "body"].map((k) => [k, BAD_TEXT.nul!]),
    );
    for (const route of routes.filter(
      (r) => r.method === "POST" && !r.url.startsWith("/api/") && !SKIP_PAGES.test(r.url),
    )) {
      const params = (route.url.match(/:(\w+)/g) ?? []).map((p) => p.slice(1));
      if (params.length === 0 && covered.has(route.url)) continue;
      for (const [label, value] of Object.entries(BAD_PARAMS)) {
        if (params.length === 0 && label !== "nul") continue;
        const url = fillPath(route.url, Object.fromEntries(params.map((p) => [p, value])));
        await anonymous.get("/");
        const res = await anonymous.postForm(url, garbage);
        if (res.statusCode >= 500)
          failures.push(problemText(`POST ${route.url} as anonymous`, `param ${label}`, res));
      }
    }

    expect(failures, report(failures, serverErrors)).toEqual([]);
    expect(await tableCounts(t)).toEqual(beforePosts);
  });
  it("answers malformed API URLs (broken percent-encoding, over-long path segments) with problem+json", async () => {
    const urls = [
      `/api/v1/organisations/${encodeLoose("x\ud800y")}`,
      `/api/v1/organisations/${"a".repeat(300)}`,
      "/api/v1/organisations/%E0%A4%A",
    ];
    for (const url of urls) {
      const res = await anonymous.get(url);
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
      expect(
        res.headers["content-type"],
        `${url} answered ${res.statusCode} ${res.body.slice(0, 120)}`,
      ).toContain("application/problem+json");
    }
  });
});
