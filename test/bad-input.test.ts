import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Access, declaredRoutesOf } from "../src/platform/http/access";
import { DATABASES, type TestApp, type TestClient } from "./support/app";
import {
  BAD_PARAMS,
  type BadCase,
  badFormValues,
  badVariants,
  encodeLoose,
  type FormField,
  type Json,
  jsonSchemaOf,
  OVER_BODY_LIMIT,
  parseQueryString,
  plausibleValue,
  REDIRECT_FIELDS,
  roundRobin,
  TOO_LONG_TEXT,
  sampleValue,
  toQueryString,
} from "./support/bad-requests";
import {
  type CollectedRoute,
  type InputReads,
  type ServerError,
  startTestAppWithRoutes,
  validatorFor,
} from "./support/routes";
import { changedTables, describeChanges, type TableDigests, tableDigests } from "./support/table-digest";
import {
  buildWorld,
  type CommunityChoice,
  freshClient,
  paramsFor,
  type Role,
  restoreWorld,
  routeParams,
  settle,
  type World,
} from "./support/world";

/*
 * Bad input reaches every handler: every registered route that takes input is sent bad values
 * generated from its own schema (and, for pages, from the form that posts to it), with real ids
 * from the test world, by a person the route's declared access lets act — so the request gets
 * past the sign-in redirect and the access rule and is refused by validation itself. Each must
 * answer 400 (404 for an id that names nothing, 413 for an over-long body), never 5xx, and leave
 * every table exactly as it was (a digest of each table's content: audit log, outbox and jobs
 * included).
 */

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const isApi = (url: string) => url.startsWith("/api/");

/** Routes whose URL has a parameter but that need no params schema, and why. */
const PARAMS_EXEMPT: Record<string, string> = {
  "GET /assets/*": "static files: @fastify/static resolves the path inside its own folder",
};

/** Uploads: the body is a file (multipart or CSV), read and checked row by row by the importer. */
const UPLOADS: Record<string, string> = {
  "POST /admin/imports": "multipart NCES CSV upload, checked row by row by the directory importer",
  "POST /api/v1/imports": "the CSV file is the body (text/csv), checked row by row by the directory importer",
  "POST /measures/dashboards/state/:id/import":
    "multipart profile CSV upload, checked row by row by the profile importer",
  "POST /api/v1/library/resources/:resourceSlug/files":
    "the file is the body (application/octet-stream) or multipart, its type told from its content",
};

/**
 * API writes that take no body: the method and the ids in the URL say everything. (Every page
 * POST has a body: the form's CSRF token and hidden fields, so every page POST needs a schema.)
 */
const API_NO_BODY: Record<string, string> = {
  "DELETE /api/v1/session": "signs out the session or token in use",
  "DELETE /api/v1/events/:eventSlug/registration":
    "cancels the caller's registration for the event named by the URL",
  "DELETE /api/v1/me/sessions": "ends the caller's other sessions",
  "DELETE /api/v1/me/sessions/:id": "ends one session, named by the URL",
  "DELETE /api/v1/me/tokens/:id": "revokes one token, named by the URL",
  "DELETE /api/v1/me/feed-tokens/:id": "revokes one feed link, named by the URL",
  "POST /api/v1/join-requests/:id/approve": "approves the request named by the URL",
  "POST /api/v1/join-requests/:id/decline": "declines the request named by the URL",
  "DELETE /api/v1/join-requests/:id": "withdraws the request named by the URL",
  "DELETE /api/v1/memberships/:id": "removes the membership named by the URL",
  "POST /api/v1/organisations/:id/leave": "the caller leaves the team named by the URL",
  "DELETE /api/v1/invitations/:id": "revokes the invitation named by the URL",
  "DELETE /api/v1/library/resources/:resourceSlug/files/:fileId": "removes the file named by the URL",
  "DELETE /api/v1/events/:eventSlug/program/rooms/:roomId": "removes the room named by the URL",
  "DELETE /api/v1/events/:eventSlug/program/sessions/:sessionId": "removes the session named by the URL",
  "PUT /api/v1/events/:eventSlug/agenda/sessions/:sessionId":
    "adds the session named by the URL to the caller's agenda",
  "DELETE /api/v1/events/:eventSlug/agenda/sessions/:sessionId":
    "removes the session named by the URL from the caller's agenda",
  "POST /api/v1/events/:eventSlug/agenda/feed":
    "makes the caller's feed address for the event named by the URL",
  "DELETE /api/v1/events/:eventSlug/agenda/feed":
    "turns off the caller's feed for the event named by the URL",
  "POST /api/v1/admin/users/:id/resend-verification":
    "resends the verification email of the user named by the URL",
  "POST /api/v1/admin/jobs/:id/retry": "retries the job named by the URL",
  "POST /api/v1/responses/:id/submission": "submits the response named by the URL",
  "POST /api/v1/communities/:slug/leave": "the caller leaves the community named by the URL",
  "POST /api/v1/community-invitations/:token/acceptance": "accepts the invitation whose secret is in the URL",
  "PUT /api/v1/community-posts/:postId/like": "likes the post named by the URL",
  "DELETE /api/v1/community-posts/:postId/like": "unlikes the post named by the URL",
  "DELETE /api/v1/improvement/drivers/:nodeId":
    "removes the driver-diagram node named by the URL (and what is under it)",
  "POST /api/v1/announcements/drafts/:draftId/send": "sends the draft announcement named by the URL",
  "POST /api/v1/library/resources/:resourceSlug/submission": "sends the draft named by the URL for review",
  "POST /api/v1/library/resources/:resourceSlug/archive": "archives the resource named by the URL",
  "POST /api/v1/events/:eventSlug/publish": "publishes the draft event named by the URL",
  "POST /api/v1/events/:eventSlug/cancel": "cancels the event named by the URL",
  "DELETE /api/v1/events/:eventSlug/credit-types/:creditTypeId": "removes the credit type named by the URL",
};

/** Limits that keep the run to a few minutes per database while every field gets its turn. */
const CAP = { body: 24, query: 12, form: 16, paramValues: 4, culpritSearch: 16 };

// --- Who may act on a route -------------------------------------------------------------------

const ADMIN_URL = /^(\/api\/v1)?\/admin\b|^\/api\/v1\/imports\b/;
const SIGNED_OUT_URL =
  /^\/(register|sign-in|forgot-password|reset-password|verify-email|email-changes)\b|^\/api\/v1\/(accounts|session|password-resets|email-verifications|email-changes)\b/;

/** A person the route's declared access lets act, most natural first (the world's roles). */
function rolesFor(method: string, url: string, access: Access | undefined): Role[] {
  const personalRows = (): Role[] => {
    if (/\/(sessions|tokens)\b/.test(url) && /^(\/account|\/api\/v1\/me)/.test(url)) return ["plain"];
    if (/^\/invitations\/|^\/api\/v1\/invitations\/accept/.test(url)) return ["plain"];
    if (/community-invitations|^\/communities\/invitations\//.test(url)) return ["privateNonMember"];
    if (/^(\/api\/v1)?\/(notifications|people)\b|unsubscribe/.test(url)) return ["privateMember"];
    return ["plain", "privateMember"];
  };
  if (access === "public") return SIGNED_OUT_URL.test(url) ? ["anonymous"] : ["anonymous", ...personalRows()];
  if (access === "signedIn") return personalRows();
  if (access) {
    const byAction: Record<string, Role[]> = {
      "admin.manage": ["admin"],
      "community.create": ["admin"],
      "community.lead": ["privateLead"],
      "community.join": ["privateNonMember", "plain"],
      "post.edit": ["privateMember"],
      "scope.manageTeam": ["leadA"],
      "scope.writePrivate": ["leadA"],
      "measures.write": ["leadA", "memberA"],
      "scope.leaveTeam": ["memberA"],
      "scope.requestJoin": ["plain", "privateNonMember"],
      "scope.readPrivate": ["leadA", "districtMember", "stateMember"],
      "measures.read": ["leadA", "districtMember", "stateMember"],
      "measures.importProfiles": ["admin"],
      "measures.viewNational": ["admin"],
      "research.read": ["researcher"],
      "research.readApplication": ["researcher"],
      "research.download": ["researcher"],
      "improvement.read": ["leadA", "stateMember"],
      "improvement.write": ["leadA", "memberA"],
      "assistance.coordinate": ["admin"],
      "assistance.provide": ["stateMember"],
      "network.read": ["privateMember", "memberA"],
      "network.lead": ["privateLead"],
      "announcement.send": ["privateLead"],
      "library.read": ["privateMember"],
      // The catalogue is the national shelf's: only the nation's leads and admins edit it.
      "library.edit": /\/library\/measures/.test(url) ? [] : ["privateLead"],
      // Events: the world's event is the state's; its proposal is the private member's, reviewed by the private lead.
      "event.read": ["plain"],
      "event.organise": ["stateMember"],
      "event.attend": ["plain"],
      "proposal.review": ["privateLead"],
      "proposal.own": ["privateMember"],
      "session.results": ["privateMember"],
    };
    const roles =
      byAction[access.action] ??
      (access.action.startsWith("community.") ? ["privateMember", "privateLead"] : []);
    const personal = [
      "measures.write",
      "scope.leaveTeam",
      "scope.requestJoin",
      "community.join",
      "research.download",
      "improvement.write",
      "event.attend",
      "proposal.review",
      "proposal.own",
    ].includes(access.action);
    return personal ? roles : [...roles, "admin"];
  }
  // Not declared yet: the person the page is for, by its address (the matrix reports the missing declaration).
  if (SIGNED_OUT_URL.test(url)) return ["anonymous"];
  if (ADMIN_URL.test(url) || (isApi(url) && /^\/api\/v1\/organisations\/?(:id)?$/.test(url)))
    return ["admin"];
  if (/^(\/account|\/api\/v1\/me)\b/.test(url)) return ["plain"];
  if (/join-requests$/.test(url) && method === "POST") return ["plain", "privateNonMember"];
  if (/^(\/api\/v1)?\/(organisations|join-requests|memberships|invitations)\b/.test(url))
    return ["leadA", ...personalRows(), "admin"];
  if (/^(\/api\/v1)?\/(measures|responses|instruments)\b/.test(url)) return ["leadA", "admin"];
  if (/\/join$/.test(url)) return ["privateNonMember", "plain"];
  if (/^(\/api\/v1)?\/(communit|notifications|people|agenda)/.test(url))
    return [...personalRows(), "privateLead", "admin"].filter((r, i, all) => all.indexOf(r) === i) as Role[];
  return ["admin", "plain", "anonymous"];
}

const communityOf = (url: string): CommunityChoice => (/\/join$/.test(url) ? "public" : "private");

/** The answer of a person the access rule turned away (so validation was never reached). */
function refusal(res: LightMyRequestResponse, access: Access | undefined): string | null {
  // A public route refuses no one: a 401 there is its own answer (wrong password, say).
  if (access === "public") return null;
  if (res.statusCode === 401 || res.statusCode === 403) return `${res.statusCode}`;
  // The access rule sends a signed-out visitor to sign in and back (a finished action may send them to sign in plainly).
  if ([302, 303].includes(res.statusCode) && String(res.headers.location).startsWith("/sign-in?next="))
    return "sent to sign in";
  if (res.statusCode === 404 && typeof access === "object" && access.refuse === 404) return "404 (refused)";
  return null;
}

// --- Forms on the pages -----------------------------------------------------------------------

interface ScrapedForm {
  action: string;
  method: "get" | "post";
  fields: FormField[];
}

/** The forms on a page, with their fields (hidden ones included, _csrf and buttons left out). */
function scrapeForms(html: string): ScrapedForm[] {
  const forms: ScrapedForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const attrs = match[1]!;
    const action = (attrs.match(/action="([^"]*)"/)?.[1] ?? "").replace(/&amp;/g, "&");
    const method = /method="post"/i.test(attrs) ? "post" : "get";
    const fields = new Map<string, FormField>();
    // An input stands alone; a select or textarea holds its options or text up to its own end tag.
    for (const field of match[2]!.matchAll(
      /<input\b([^>]*)>|<(select|textarea)\b([^>]*)>([\s\S]*?)<\/\2>/g,
    )) {
      const tag = field[2] ?? "input";
      const fieldAttrs = field[1] ?? field[3]!;
      const inner = field[4];
      const name = fieldAttrs.match(/name="([^"]+)"/)?.[1];
      if (!name || name === "_csrf") continue;
      const type = tag === "input" ? (fieldAttrs.match(/type="([^"]+)"/)?.[1] ?? "text") : tag;
      if (type === "submit" || type === "button" || type === "file") continue;
      const own = fieldAttrs.match(/value="([^"]*)"/)?.[1] ?? "";
      let value = own;
      let options: string[] = [];
      if (tag === "select") {
        options = [...(inner ?? "").matchAll(/<option[^>]*value="([^"]*)"/g)].map((o) => o[1]!);
        value = inner?.match(/<option[^>]*value="([^"]*)"[^>]*selected/)?.[1] ?? "";
      }
      if (tag === "textarea")
        value = (inner ?? "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
      if (type === "radio" || type === "checkbox") {
        options = [own];
        if (!/\schecked/.test(fieldAttrs)) value = "";
      }
      const required = /\srequired(=|\s|$)/.test(fieldAttrs);
      const seen = fields.get(name);
      fields.set(name, {
        name,
        type: seen?.type ?? type,
        required: required || (seen?.required ?? false),
        value: (value || seen?.value || "").replace(/&amp;/g, "&").replace(/&quot;/g, '"'),
        options: [...(seen?.options ?? []), ...options],
      });
    }
    if (action.startsWith("/")) forms.push({ action, method, fields: [...fields.values()] });
  }
  return forms;
}

// --- Attempts ---------------------------------------------------------------------------------

interface Attempt {
  label: string;
  request: (client: TestClient) => InjectOptions;
  /** Acceptable statuses. */
  expect: number[];
  /** A page must show the form again with the message beside the field (not only an error page). */
  formAgain?: boolean;
  /** Likely to get past the access rule (a text field's value, ids intact): tried first to pick the person. */
  probe?: boolean;
}

const fillPath = (url: string, values: Record<string, string>) =>
  url.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => encodeLoose(values[name] ?? ""));

/** Acceptable answers to a bad value in a field that names a row (a loader looks it up first). */
const isIdField = (field: string | undefined, schema: Json | undefined) => {
  if (!field) return false;
  const prop = (schema?.properties as Record<string, Json> | undefined)?.[field];
  return /(Id|Ids|_id|^id|token|slug)$/.test(field) || prop?.format === "uuid";
};

interface Context {
  t: TestApp;
  world: World;
  shared: Record<string, Json>;
  hints: Record<string, string>;
}

function formBody(fields: Record<string, string | string[]>, csrf: string): string {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const item of [v].flat()) body.append(k, item);
  body.append("_csrf", csrf);
  return body.toString();
}

function paramAttempts(
  route: CollectedRoute,
  params: Record<string, string>,
  rest: (client: TestClient) => Partial<InjectOptions>,
  query: string,
): Attempt[] {
  const attempts: Attempt[] = [];
  const api = isApi(route.url);
  for (const name of Object.keys(params)) {
    for (const [label, value] of Object.entries(BAD_PARAMS).slice(0, CAP.paramValues + 2)) {
      const url = fillPath(route.url, { ...params, [name]: value }) + (query ? `?${query}` : "");
      // A page named by its id as well keeps its address right: a wrong slug beside a real
      // topic id is sent on to the topic's own address.
      const canonical = route.method === "GET" && name === "slug" && Object.keys(params).length > 1;
      attempts.push({
        label: `param ${name} = ${label}`,
        request: (client) => ({ ...rest(client), method: route.method as "GET", url }),
        expect: [400, 404, ...(api ? [] : [410]), ...(canonical ? [301, 308] : [])],
      });
    }
  }
  return attempts;
}

function apiAttempts(route: CollectedRoute, ctx: Context, params: Record<string, string>): Attempt[] {
  const attempts: Attempt[] = [];
  const path = fillPath(route.url, params);
  const querySchema = route.schema?.querystring as Json | undefined;
  const bodySchema = jsonSchemaOf(route.schema?.body);
  const validQuery = querySchema ? toQueryString(sampleOf(querySchema, ctx)) : "";
  const withQuery = (q: string) => (q ? `${path}?${q}` : path);
  const validBody = bodySchema ? sampleOf(bodySchema, ctx) : undefined;
  const json = (payload: unknown) => ({
    payload: JSON.stringify(payload),
    headers: { "content-type": "application/json" },
  });
  const bodyless = () => (validBody === undefined ? {} : json(validBody));

  if (bodySchema) {
    const accepts = validatorFor(route, "body");
    for (const variant of pick(
      badVariants(bodySchema, ctx.shared, { hints: ctx.hints, limit: 200 }),
      CAP.body,
    )) {
      // The schema's own rule decides what is bad, except the rule every text field follows.
      if (!variant.textRule && accepts?.(variant.value)) continue;
      attempts.push({
        label: `body ${variant.label}`,
        request: () => ({
          method: route.method as "POST",
          url: withQuery(validQuery),
          ...json(variant.value),
        }),
        expect: isIdField(variant.field, bodySchema) ? [400, 404] : [400],
        probe: variant.textRule,
      });
    }
  }
  if (WRITE_METHODS.has(route.method) && (bodySchema || !API_NO_BODY[`${route.method} ${route.url}`])) {
    attempts.push({
      label: "malformed JSON",
      request: () => ({
        method: route.method as "POST",
        url: withQuery(validQuery),
        payload: '{"a":',
        headers: { "content-type": "application/json" },
      }),
      expect: [400],
    });
    attempts.push({
      label: "a form body instead of JSON",
      request: () => ({
        method: route.method as "POST",
        url: withQuery(validQuery),
        payload: "a=b",
        headers: { "content-type": "application/x-www-form-urlencoded" },
      }),
      expect: [415],
    });
  }
  // A text field of the body over the body limit: refused by the parser (413) or the field's rule.
  const textField = Object.entries((bodySchema?.properties ?? {}) as Record<string, Json>).find(
    ([name, prop]) => prop.type === "string" && !REDIRECT_FIELDS.has(name),
  )?.[0];
  if (textField)
    attempts.push({
      label: "a body over 2 MB",
      request: () => ({
        method: route.method as "POST",
        url: withQuery(validQuery),
        ...json({ ...(validBody as Json), [textField]: OVER_BODY_LIMIT }),
      }),
      expect: [400, 413],
    });
  if (querySchema) {
    const accepts = validatorFor(route, "querystring");
    for (const variant of pick(
      badVariants(querySchema, ctx.shared, { hints: ctx.hints, wholesale: false, limit: 200 }),
      CAP.query,
    )) {
      const q = toQueryString(variant.value);
      if (!variant.textRule && accepts?.(parseQueryString(q))) continue;
      attempts.push({
        label: `query ${variant.label}`,
        request: () => ({ method: route.method as "GET", url: withQuery(q), ...bodyless() }),
        expect: isIdField(variant.field, querySchema) ? [400, 404] : [400],
        probe: variant.textRule && !bodySchema,
      });
    }
  }
  attempts.push(...paramAttempts(route, params, bodyless, validQuery));
  return attempts;
}

function pageAttempts(
  route: CollectedRoute,
  ctx: Context,
  params: Record<string, string>,
  form: ScrapedForm | undefined,
): Attempt[] {
  const attempts: Attempt[] = [];
  const path = fillPath(route.url, params);
  const querySchema = route.schema?.querystring as Json | undefined;
  const validQuery = querySchema ? toQueryString(sampleOf(querySchema, ctx)) : "";
  const url = validQuery ? `${path}?${validQuery}` : path;

  if (route.method === "GET") {
    if (querySchema) {
      const accepts = validatorFor(route, "querystring");
      for (const variant of pick(
        badVariants(querySchema, ctx.shared, { hints: ctx.hints, wholesale: false, limit: 200 }),
        CAP.query,
      )) {
        const q = toQueryString(variant.value);
        if (!variant.textRule && accepts?.(parseQueryString(q))) continue;
        attempts.push({
          label: `query ${variant.label}`,
          request: () => ({ method: "GET", url: `${path}?${q}` }),
          expect: isIdField(variant.field, querySchema) ? [400, 404] : [400],
          probe: variant.textRule,
        });
      }
    }
    attempts.push(...paramAttempts(route, params, () => ({}), validQuery));
    return attempts;
  }

  // A form post: the page's own fields (what a browser sends), then any field the schema names.
  const bodySchema = jsonSchemaOf(route.schema?.body);
  const fields = new Map<string, FormField>((form?.fields ?? []).map((f) => [f.name, f]));
  for (const [name, prop] of Object.entries((bodySchema?.properties ?? {}) as Record<string, Json>)) {
    if (name === "_csrf" || fields.has(name)) continue;
    fields.set(name, {
      name,
      type: prop.type === "array" ? "checkbox" : "text",
      required: false,
      value: "",
      options: [],
    });
  }
  const base: Record<string, string> = {};
  for (const field of fields.values()) {
    const value = plausibleValue(field);
    if (value !== "" || field.type !== "checkbox") base[field.name] = value;
  }
  const post = (fields: Record<string, string | string[]>) => (client: TestClient) => ({
    method: "POST" as const,
    url,
    payload: formBody(fields, client.csrfToken),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });
  const visible = [...fields.values()].filter((f) => f.type !== "hidden" && !REDIRECT_FIELDS.has(f.name));
  // Hidden fields are the page's own values (ids, versions, choices made by a button): a wrong one
  // is no person's typing, so an error page is answer enough.
  const hidden = [...fields.values()].filter((f) => f.type === "hidden" && !REDIRECT_FIELDS.has(f.name));
  const perField = [
    ...visible.map((field) => badFormValues(field).map((c) => ({ ...c, name: field.name, formAgain: true }))),
    ...hidden.map((field) =>
      [
        { label: `${field.name} = not-a-valid-value`, value: "not-a-valid-value" },
        { label: `${field.name} nul`, value: "a\u0000b" },
      ].map((c) => ({ ...c, name: field.name, formAgain: false, textRule: false })),
    ),
  ];
  for (const variant of roundRobin<BadCase & { name: string; formAgain: boolean }>(perField).slice(
    0,
    CAP.form,
  )) {
    attempts.push({
      label: `form ${variant.label}`,
      request: post({ ...base, [variant.name]: String(variant.value) }),
      // A route may keep its body limit small (one-click unsubscribe: 4 KB): then 413 is its answer.
      expect: [
        ...(isIdField(variant.name, bodySchema) ? [400, 404] : [400]),
        ...(variant.value === TOO_LONG_TEXT ? [413] : []),
      ],
      formAgain: variant.formAgain,
      probe: variant.textRule,
    });
  }
  const single = visible.find((f) => !["checkbox", "select", "radio"].includes(f.type));
  if (single)
    attempts.push({
      label: `form ${single.name} sent twice`,
      request: post({ ...base, [single.name]: ["a", "b"] }),
      expect: [400],
    });
  const required = visible.filter((f) => f.required);
  for (const field of required.slice(0, 3)) {
    const { [field.name]: _left, ...rest } = base;
    attempts.push({
      label: `form ${field.name} left out`,
      request: post(rest),
      expect: [400],
      formAgain: true,
    });
  }
  if (required.length > 0) {
    const hidden = Object.fromEntries(
      [...fields.values()].filter((f) => f.type === "hidden").map((f) => [f.name, base[f.name] ?? ""]),
    );
    attempts.push({
      label: "form every field left out",
      request: post(hidden),
      expect: [400],
      formAgain: true,
    });
  }
  if (single)
    attempts.push({
      label: `form ${single.name} over the body limit`,
      request: post({ ...base, [single.name]: OVER_BODY_LIMIT }),
      expect: [400, 413],
    });
  attempts.push(...paramAttempts(route, params, (client) => post(base)(client), validQuery));
  return attempts;
}

/** The valid sample a route's variants start from (real ids of the world where a field names one). */
const sampleOf = (schema: Json, ctx: Context) => sampleValue(schema, ctx.shared, ctx.hints) as Json;

/** At most `n` cases (badVariants lists required fields first, then every field's cases in turn). */
const pick = (cases: BadCase[], n: number) => cases.slice(0, n);

// --- Running a route --------------------------------------------------------------------------

interface Outcome {
  route: string;
  role?: Role;
  problems: string[];
  /** How many bad requests were sent, and what they were answered. */
  sent?: number;
  /** For a page's POST: the fields of the form that posts to it, as seen on the page (or none found). */
  form?: string;
  statuses?: Record<number, number>;
}

function answerText(res: LightMyRequestResponse): string {
  if (res.headers.location) return `${res.statusCode} → ${String(res.headers.location).slice(0, 100)}`;
  const type = String(res.headers["content-type"] ?? "");
  const body = type.includes("json")
    ? res.body.slice(0, 160)
    : (res.body.match(/<h1[^>]*>([\s\S]*?)<\/h1>/)?.[1] ?? "").trim().slice(0, 80);
  return `${res.statusCode}${body ? ` ${body}` : ""}`;
}

function judge(attempt: Attempt, res: LightMyRequestResponse, api: boolean): string | null {
  if (res.statusCode >= 500) return `answered ${answerText(res)}`;
  if (!attempt.expect.includes(res.statusCode))
    return `answered ${answerText(res)} (expected ${attempt.expect.join(" or ")})`;
  if (api && !String(res.headers["content-type"]).includes("application/problem+json"))
    return `answered ${res.statusCode} without problem+json`;
  if (
    !api &&
    attempt.formAgain &&
    res.statusCode === 400 &&
    !/id="error-summary"|usa-error-message/.test(res.body)
  )
    return "answered 400 without the form again (no message beside the field)";
  return null;
}

class Runner {
  digest!: TableDigests;
  clients = new Map<Role, TestClient>();
  constructor(private ctx: Context) {}

  digestMs = 0;
  async start() {
    this.digest = await this.digestNow();
  }

  async digestNow(): Promise<TableDigests> {
    const started = performance.now();
    const digests = await tableDigests(this.ctx.t.db);
    this.digestMs += performance.now() - started;
    return digests;
  }

  client(role: Role): TestClient {
    return this.clients.get(role) ?? this.ctx.world.clients[role];
  }

  async send(role: Role, attempt: Attempt): Promise<LightMyRequestResponse> {
    const client = this.client(role);
    return client.request(attempt.request(client));
  }

  /** Puts the world back after a route wrote, with fresh clients (a written session may be gone). */
  async restore() {
    await restoreWorld(this.ctx.world);
    for (const role of this.clients.keys()) this.clients.set(role, await freshClient(this.ctx.world, role));
    await settle(this.ctx.t);
    this.digest = await this.digestNow();
  }

  async run(
    route: CollectedRoute,
    roles: Role[],
    attempts: Attempt[],
    access: Access | undefined,
  ): Promise<Outcome> {
    const key = `${route.method} ${route.url}`;
    const api = isApi(route.url);
    const outcome: Outcome = { route: key, problems: [] };
    if (attempts.length === 0) return outcome;
    // The person: the first the access rule lets through (tried with a text-rule case, ids intact).
    // With only bad ids to send (their answer is 404 either way), the first person is taken as is.
    const probe = attempts.find((a) => a.probe);
    const refusals: string[] = [];
    let chosen: Role | undefined = probe ? undefined : roles[0];
    for (const role of probe ? roles : []) {
      if (!probe) break;
      const res = await this.send(role, probe);
      const refused = refusal(res, access);
      if (!refused) {
        chosen = role;
        const problem = judge(probe, res, api);
        if (problem) outcome.problems.push(`[${probe.label}] ${problem}`);
        break;
      }
      refusals.push(`${role}: ${refused}`);
    }
    if (!chosen) {
      outcome.problems.push(`no one allowed could be found to try it (${refusals.join(", ")})`);
      await this.checkNothingWritten(outcome, () => []);
      return outcome;
    }
    outcome.role = chosen;
    outcome.sent = attempts.length;
    outcome.statuses = {};
    for (const attempt of attempts) {
      if (attempt === probe) continue;
      const res = await this.send(chosen, attempt);
      outcome.statuses[res.statusCode] = (outcome.statuses[res.statusCode] ?? 0) + 1;
      const problem = judge(attempt, res, api);
      if (problem) outcome.problems.push(`[${attempt.label}] ${problem}`);
    }
    await this.checkNothingWritten(outcome, () => attempts, chosen);
    return outcome;
  }

  /** Compares every table with the digest before; on a change, finds the first request that wrote. */
  private async checkNothingWritten(outcome: Outcome, attempts: () => Attempt[], role?: Role) {
    const after = await this.digestNow();
    if (changedTables(this.digest, after).length === 0) {
      this.digest = after;
      return;
    }
    const changes = describeChanges(this.digest, after).join("; ");
    await this.restore();
    let culprit = "";
    if (role) {
      for (const attempt of attempts().slice(0, CAP.culpritSearch)) {
        await this.send(role, attempt);
        const now = await this.digestNow();
        if (changedTables(this.digest, now).length > 0) {
          culprit = ` — first by [${attempt.label}]: ${describeChanges(this.digest, now).join("; ")}`;
          await this.restore();
          break;
        }
      }
    }
    outcome.problems.push(`wrote to the database on bad input (${changes})${culprit}`);
  }
}

function report(outcomes: Outcome[], errors: ServerError[]): string {
  const failing = outcomes.filter((o) => o.problems.length > 0);
  const causes = [...new Map(errors.map((e) => [e.message.split("\n")[0], e])).values()];
  return [
    `${failing.length} route(s) did not refuse bad input cleanly:`,
    ...failing.map(
      (o) =>
        `${o.route}${o.role ? ` (as ${o.role})` : ""}\n${o.problems
          .slice(0, 6)
          .map((p) => `    ${p}`)
          .join("\n")}${o.problems.length > 6 ? `\n    …and ${o.problems.length - 6} more` : ""}`,
    ),
    causes.length ? "Server errors:" : "",
    ...causes
      .slice(0, 15)
      .map((e) => `${e.method} ${e.url.slice(0, 120)}\n  ${e.message.split("\n").slice(0, 3).join("\n  ")}`),
  ].join("\n");
}

describe.each(DATABASES)("bad input reaches every handler, on %s", (kind) => {
  let t: TestApp;
  let routes: CollectedRoute[];
  let serverErrors: ServerError[];
  let inputReads: InputReads;
  let world: World;
  let ctx: Context;
  let access: Map<string, Access>;
  /** GET routes, visited with real ids by a person allowed: their answer. */
  const visited = new Map<string, { role: Role | null; status: number }>();
  /** Forms seen on the pages, per person: "<role> <action path>" → form. */
  const forms = new Map<string, ScrapedForm>();

  beforeAll(async () => {
    ({ t, routes, serverErrors, inputReads } = await startTestAppWithRoutes(kind));
    world = await buildWorld(t);
    access = new Map(declaredRoutesOf(t.app).map((d) => [`${d.method} ${d.url}`, d.access]));
    const c = world.privateCommunity;
    ctx = {
      t,
      world,
      shared: t.app.getSchemas() as Record<string, Json>,
      hints: {
        organisationId: world.schoolA.id,
        orgId: world.schoolA.id,
        schoolId: world.schoolA.id,
        districtId: world.district.id,
        stateId: world.state.id,
        communityId: c.id,
        slug: c.slug,
        topicId: c.topicId,
        postId: c.postId,
        quote: c.postId,
        itemId: c.agendaItemId,
        agendaItemId: c.agendaItemId,
        meetingId: c.meetingId,
        responseId: world.profileResponse.id,
        instrumentId: world.qualityResponse.instrumentId,
        sectionKey: world.profileResponse.sectionKey,
        membershipId: world.teammateMembershipId,
        requestId: world.communityJoinRequestId,
        joinRequestId: world.joinRequestId,
        token: world.invitation.token,
        userId: world.subject.id,
        email: "someone@example.org",
        next: "/",
      },
    };
    // Every GET route with real ids, as a person allowed: what each reads, and the forms it shows.
    for (const route of routes.filter((r) => r.method === "GET" && !r.url.includes("*"))) {
      const key = `GET ${route.url}`;
      let url: string;
      try {
        url = fillPath(route.url, paramsFor(route, world, communityOf(route.url)));
      } catch {
        visited.set(key, { role: null, status: 0 });
        continue;
      }
      for (const role of rolesFor("GET", route.url, access.get(key))) {
        const res = await world.clients[role].get(url);
        if (refusal(res, access.get(key)) || res.statusCode === 404) {
          visited.set(key, { role: null, status: res.statusCode });
          continue;
        }
        visited.set(key, { role, status: res.statusCode });
        if (String(res.headers["content-type"]).includes("text/html"))
          for (const form of scrapeForms(res.body))
            if (!forms.has(`${role} ${form.action.split("?")[0]}`))
              forms.set(`${role} ${form.action.split("?")[0]}`, form);
        break;
      }
    }
    // A form's page may show it only to the person who posts it (a join form to a signed-in
    // non-member): open the pages beside each page POST as its first person too.
    const opened = new Set<string>();
    for (const route of routes.filter((r) => r.method === "POST" && !isApi(r.url))) {
      const role = rolesFor("POST", route.url, access.get(`POST ${route.url}`))[0];
      let action: string;
      try {
        action = fillPath(route.url, paramsFor(route, world, communityOf(route.url)));
      } catch {
        continue;
      }
      if (!role || forms.has(`${role} ${action}`)) continue;
      const area = route.url.split("/")[1];
      for (const page of routes.filter(
        (r) => r.method === "GET" && r.url.split("/")[1] === area && !r.url.includes("*"),
      )) {
        if (forms.has(`${role} ${action}`)) break;
        let url: string;
        try {
          url = fillPath(page.url, paramsFor(page, world, communityOf(route.url)));
        } catch {
          continue;
        }
        if (opened.has(`${role} ${url}`)) continue;
        opened.add(`${role} ${url}`);
        const res = await world.clients[role].get(url);
        if (res.statusCode === 200 && String(res.headers["content-type"]).includes("text/html"))
          for (const form of scrapeForms(res.body))
            if (!forms.has(`${role} ${form.action.split("?")[0]}`))
              forms.set(`${role} ${form.action.split("?")[0]}`, form);
      }
    }
    await restoreWorld(world);
    await settle(t);
  }, 300_000); // builds the whole world on a possibly loaded machine
  afterAll(() => t?.close());

  it("every route has a schema for every part of the request it reads", () => {
    const missing: string[] = [];
    for (const route of routes) {
      const key = `${route.method} ${route.url}`;
      const schema = route.schema ?? {};
      if (routeParams(route.url).length > 0 && !schema.params && !PARAMS_EXEMPT[key])
        missing.push(`${key}: no params schema`);
      const takesBody =
        WRITE_METHODS.has(route.method) && !UPLOADS[key] && !(isApi(route.url) && API_NO_BODY[key]);
      if (takesBody && !schema.body) missing.push(`${key}: no body schema`);
      const reads = inputReads.get(key);
      if (reads?.has("query") && !schema.querystring)
        missing.push(`${key}: reads the query string, no querystring schema`);
      if (reads?.has("body") && !schema.body && !UPLOADS[key])
        missing.push(`${key}: reads a body, no body schema`);
    }
    const notVisited = [...visited]
      .filter(([, v]) => !v.role)
      .map(([k, v]) => `${k} (${v.status || "no world id"})`);
    expect
      .soft(missing, `Routes without a schema for what they read (${missing.length}):\n${missing.join("\n")}`)
      .toEqual([]);
    // Whether a GET handler reads the query is seen by running it; one no one could open was not seen.
    expect(
      notVisited,
      `GET routes no allowed person could open with the world's ids:\n${notVisited.join("\n")}`,
    ).toEqual([]);
  });

  it("answers bad input from an allowed person with 400 (404 for an unknown id), never 5xx, and writes nothing", async () => {
    const runner = new Runner(ctx);
    await runner.start();
    const outcomes: Outcome[] = [];
    const timings: [string, number, number][] = [];
    for (const route of routes) {
      const key = `${route.method} ${route.url}`;
      if (route.url.includes("*") || UPLOADS[key]) continue;
      let params: Record<string, string>;
      try {
        params = paramsFor(route, world, communityOf(route.url));
      } catch (error) {
        outcomes.push({ route: key, problems: [`no real id for it: ${(error as Error).message}`] });
        continue;
      }
      const roles = rolesFor(route.method, route.url, access.get(key));
      const form =
        route.method === "POST" && !isApi(route.url)
          ? roles.map((r) => forms.get(`${r} ${fillPath(route.url, params)}`)).find(Boolean)
          : undefined;
      const attempts = isApi(route.url)
        ? apiAttempts(route, ctx, params)
        : pageAttempts(route, ctx, params, form);
      const started = performance.now();
      const seenBy = visited.get(key)?.role;
      const people = seenBy ? [seenBy, ...roles.filter((r) => r !== seenBy)] : roles;
      const outcome = await runner.run(route, people, attempts, access.get(key));
      if (route.method === "POST" && !isApi(route.url))
        outcome.form = form ? form.fields.map((f) => `${f.name}:${f.type}`).join(" ") : "no form found";
      outcomes.push(outcome);
      timings.push([key, Math.round(performance.now() - started), attempts.length]);
    }
    // BAD_INPUT_COVERAGE=1 prints what each route was sent and answered (and the form found for a
    // page POST); BAD_INPUT_TIMINGS=1 the slowest routes and the time spent on digests.
    if (process.env.BAD_INPUT_COVERAGE)
      console.log(
        outcomes
          .map(
            (o) =>
              `${o.route} as ${o.role}: ${o.sent ?? 0} sent, ${JSON.stringify(o.statuses ?? {})}${o.form ? ` [${o.form}]` : ""}`,
          )
          .join("\n"),
      );
    if (process.env.BAD_INPUT_TIMINGS)
      console.log(
        `digests: ${Math.round(runner.digestMs)} ms`,
        timings
          .sort((a, b) => b[1] - a[1])
          .slice(0, 30)
          .map((x) => x.join(" "))
          .join("\n"),
      );
    // A broken world or harness would send nothing and pass: at least one bad request per route on average.
    const sent = outcomes.reduce((n, o) => n + (o.sent ?? 0), 0);
    const reached = outcomes.filter((o) => (o.sent ?? 0) > 0).length;
    console.log(`bad input on ${kind}: ${reached} routes taking input, ${sent} bad requests`);
    expect(sent, "bad requests sent in all").toBeGreaterThan(routes.length);
    const failing = outcomes.filter((o) => o.problems.length > 0);
    expect(
      failing.map((o) => o.route),
      report(outcomes, serverErrors),
    ).toEqual([]);
  }, 900_000);

  it("answers malformed API URLs (broken percent-encoding, over-long path segments) with problem+json", async () => {
    const anonymous = world.clients.anonymous;
    for (const url of [
      `/api/v1/organisations/${encodeLoose("x\ud800y")}`,
      `/api/v1/organisations/${"a".repeat(300)}`,
      "/api/v1/organisations/%E0%A4%A",
    ]) {
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
