import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DATABASES,
  signedInClient,
  startTestApp,
  type TestApp,
  type TestClient,
} from "../../../../test/support/app";
import { queryRows } from "../../../platform/db/client";
import { addMembership, buildDistrictWithSchools, buildUser } from "../../../seed/factories";
import { INSTRUMENTS } from "../../../seed/instruments";
import type { ItemDefinition, ItemType } from "../../../seed/instruments/types";
import { seedInstruments } from "./service";

/**
 * The JSON API stores an answer only when it has its item's JSON type, and clears one only on
 * null: every JSON type is sent for every item type, and what is stored (or refused) is checked.
 */
const REFUSED = Symbol("refused");
const CLEARED = Symbol("cleared");
type Outcome = unknown | typeof REFUSED | typeof CLEARED;

/** JSON texts sent as the answer (raw, so "2.0" really goes over the wire as 2.0). */
const JSON_VALUES = [
  "3",
  "0",
  "2.0",
  "2.5",
  '"3"',
  "true",
  "false",
  "null",
  "[]",
  "{}",
  '""',
  '"  "',
] as const;

function itemOf(type: ItemType): {
  item: ItemDefinition;
  instrument: "profile" | "quality";
  section: string;
} {
  for (const definition of INSTRUMENTS.filter((i) => i.variant === "school")) {
    for (const section of definition.sections) {
      // A count capped by enrollment would mix in a second rule; this test is about types.
      const item = section.items.find((i) => i.type === type && !i.withinEnrollment);
      if (item)
        return {
          item,
          instrument: definition.key === "quality" ? "quality" : "profile",
          section: section.key,
        };
    }
  }
  throw new Error(`No ${type} item`);
}

/** What each item type makes of each JSON value. Everything not listed is refused. */
function expected(type: ItemType, json: string): Outcome {
  if (json === "null") return CLEARED;
  switch (type) {
    case "rating":
      return ({ "3": 3, "2.0": 2 } as Record<string, unknown>)[json] ?? REFUSED;
    case "count":
      return ({ "3": 3, "0": 0, "2.0": 2 } as Record<string, unknown>)[json] ?? REFUSED;
    case "fte":
      return ({ "3": 3, "0": 0, "2.0": 2, "2.5": 2.5 } as Record<string, unknown>)[json] ?? REFUSED;
    case "multi":
      return json === "[]" ? CLEARED : REFUSED;
    case "yesno":
    case "choice":
    case "text":
      // No number, boolean, list, object or empty text is one of these; "3" is valid text only.
      return type === "text" && json === '"3"' ? "3" : REFUSED;
  }
}

/** Typed values that each item type does store, to check the accepted forms beyond the table. */
function goodValues(type: ItemType, item: ItemDefinition): [string, unknown][] {
  const [a, b] = [item.options?.[0]?.key, item.options?.[1]?.key];
  switch (type) {
    case "rating":
      return [
        ["6", 6],
        ['"dk"', "dk"],
        ['"na"', "na"],
      ];
    case "count":
      return [["10000000", 10_000_000]];
    case "fte":
      return [
        ["1.1", 1.1],
        ["0.29", 0.29],
        ["0.07", 0.07],
        ["0.55", 0.55],
      ];
    case "yesno":
      return [
        ['"yes"', "yes"],
        ['"no"', "no"],
      ];
    case "choice":
      return [[JSON.stringify(a), a]];
    case "multi":
      return [[JSON.stringify([b, a]), [a, b]]];
    case "text":
      return [['"  Some words  "', "Some words"]];
  }
}

/** Values of the right JSON type that are still wrong for the item. */
function badValues(type: ItemType): string[] {
  switch (type) {
    case "rating":
      return ["0", "7", '"4"', '"DK"'];
    case "count":
      return ["-1", "10000001", "1e21", '"12"'];
    case "fte":
      return ["0.001", "1e-7", "-0.5", "1000.01", '"1.5"', '"NaN"'];
    case "yesno":
      return ['"Yes"', '"true"'];
    case "choice":
      return ['"not-an-option"', '["x"]'];
    case "multi":
      return ['["not-an-option"]', '"x"', "[1]"];
    case "text":
      return ['"bell\\u0007"', JSON.stringify("x".repeat(1001))];
  }
}

/** A value of the item's type different from every case above, stored before each case. */
function prior(type: ItemType, item: ItemDefinition): unknown {
  switch (type) {
    case "rating":
      return 5;
    case "count":
      return 7;
    case "fte":
      return 0.75;
    case "yesno":
      return "no";
    case "choice":
      return item.options!.at(-1)!.key;
    case "multi":
      return [item.options!.at(-1)!.key];
    case "text":
      return "before";
  }
}

const TYPES: ItemType[] = ["rating", "count", "fte", "yesno", "choice", "multi", "text"];

describe.each(DATABASES)("answer types through the JSON API on %s", (kind) => {
  let t: TestApp;
  let member: TestClient;
  let schoolId: string;
  const responseIds: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp(kind);
    await seedInstruments(t.db);
    const { schools } = await buildDistrictWithSchools(t.db, "OR", 1);
    schoolId = schools[0]!.id;
    const user = await buildUser(t.db);
    await addMembership(t.db, user.id, schoolId);
    member = await signedInClient(t, user.id);
    for (const instrument of ["profile", "quality"]) {
      const res = await member.json("POST", "/api/v1/responses", {
        organisationId: schoolId,
        instrument,
        schoolYear: "2025-26",
      });
      responseIds[instrument] = res.json().id;
    }
  });
  afterAll(() => t?.close());

  async function stored(
    responseId: string,
    section: string,
    key: string,
  ): Promise<{ version: number; value: unknown }> {
    const res = await member.json("GET", `/api/v1/responses/${responseId}`);
    const state = res.json().sections[section];
    return { version: state.version, value: state.answers[key] };
  }

  const auditCount = async (entityId: string) =>
    (
      await queryRows<{ n: number }>(
        t.db,
        sql`select count(*)::int as n from audit_log where entity_id = ${entityId}`,
      )
    )[0]!.n;

  /** Stores the prior value, sends `json` as the item's answer, and reports what happened. */
  async function send(type: ItemType, json: string) {
    const { item, instrument, section } = itemOf(type);
    const responseId = responseIds[instrument]!;
    const url = `/api/v1/responses/${responseId}/sections/${section}`;
    const before = await stored(responseId, section, item.key);
    const seeded = await member.json("PUT", url, {
      version: before.version,
      answers: { [item.key]: prior(type, item) },
    });
    expect(seeded.statusCode, `${type}: storing the prior value`).toBe(200);
    const version = seeded.json().version;
    const audits = await auditCount(`${responseId}/${section}`);
    const res = await member.request({
      method: "PUT",
      url,
      headers: { "content-type": "application/json" },
      payload: `{"version":${version},"answers":{${JSON.stringify(item.key)}:${json}}}`,
    });
    const after = await stored(responseId, section, item.key);
    return {
      item,
      res,
      after,
      auditsAdded: (await auditCount(`${responseId}/${section}`)) - audits,
      prior: prior(type, item),
    };
  }

  for (const type of TYPES) {
    it(`${type}: stores only values of its type, clears only on null, and refuses the rest naming the item`, async () => {
      const { item } = itemOf(type);
      const cases: [string, Outcome][] = [
        ...JSON_VALUES.map((json): [string, Outcome] => [json, expected(type, json)]),
        ...goodValues(type, item),
        ...badValues(type).map((json): [string, Outcome] => [json, REFUSED]),
      ];
      for (const [json, outcome] of cases) {
        const label = `${type} ← ${json.slice(0, 40)}`;
        const { res, after, auditsAdded, prior: was } = await send(type, json);
        if (outcome === REFUSED) {
          expect(res.statusCode, label).toBe(400);
          expect(res.headers["content-type"], label).toContain("application/problem+json");
          const errors: { pointer: string; detail: string }[] = res.json().errors;
          expect(
            errors.map((e) => e.pointer),
            label,
          ).toEqual([`/body/answers/${item.key}`]);
          expect(errors[0]!.detail, label).toMatch(/^is not a valid \w+ answer: it must be/);
          expect(after.value, `${label}: nothing changed`).toEqual(was);
          expect(auditsAdded, `${label}: nothing audited`).toBe(0);
        } else {
          expect(res.statusCode, label).toBe(200);
          expect(after.value, label).toEqual(outcome === CLEARED ? undefined : outcome);
          const changed = JSON.stringify(after.value) !== JSON.stringify(was);
          expect(auditsAdded, `${label}: a change is audited`).toBe(changed ? 1 : 0);
        }
      }
    });
  }

  it("names what was wrong: the type received, and null as the way to clear", async () => {
    const rating = await send("rating", "true");
    expect(rating.res.json().errors[0].detail).toBe(
      'is not a valid rating answer: it must be a whole number from 1 to 6, or "dk" (don\'t know) or "na" (not applicable) (got a boolean)',
    );
    const count = await send("count", '""');
    expect(count.res.json().errors[0].detail).toBe(
      "is not a valid count answer: it must be a whole number from 0 to 10000000 (got an empty string; send null to clear an answer)",
    );
  });

  it("stores the FTE values a floating-point check refused, from the form and from JSON", async () => {
    const { item, section } = itemOf("fte");
    const profile = responseIds.profile!;
    const page = `/measures/responses/${profile}/sections/${section}`;
    for (const text of ["1.1", "0.29", "0.07", "0.55", "1.10"]) {
      const { version } = await stored(profile, section, item.key);
      await member.get(page);
      const res = await member.postForm(page, { _version: String(version), [item.key]: text });
      expect(res.statusCode, text).toBe(303);
      expect((await stored(profile, section, item.key)).value, text).toBe(Number(text));
    }
    const { version } = await stored(profile, section, item.key);
    const refused = await member.postForm(page, { _version: String(version), [item.key]: "0.001" });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("Enter a number of 0 or more with at most two decimals, for example 1.5.");
    expect(refused.body).toContain('value="0.001"');
  });

  it("keeps a count of 0 from the form as from JSON, and clears on a blank field", async () => {
    const { item, section } = itemOf("count");
    const profile = responseIds.profile!;
    const page = `/measures/responses/${profile}/sections/${section}`;
    await member.get(page);
    let { version } = await stored(profile, section, item.key);
    expect((await member.postForm(page, { _version: String(version), [item.key]: "0" })).statusCode).toBe(
      303,
    );
    ({ version } = await stored(profile, section, item.key));
    expect((await stored(profile, section, item.key)).value).toBe(0);
    expect((await member.postForm(page, { _version: String(version), [item.key]: "" })).statusCode).toBe(303);
    expect((await stored(profile, section, item.key)).value).toBeUndefined();
  });
});
