import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp } from "../../../../test/support/app";
import { queryRows } from "../../../platform/db/client";
import { buildDistrictWithSchools, buildUser } from "../../../seed/factories";
import { seedInstruments } from "../instruments/service";
import { rebuildAggregates } from "./rebuild";
import { currentInstrument } from "../instruments/service";
import { saveSection, startResponse, submitResponse } from "../responses/service";

type Row = Record<string, unknown>;

async function snapshot(t: TestApp) {
  const q = (text: string) => queryRows<Row>(t.db, sql.raw(text));
  const [scores, latest, aggregates, part] = await Promise.all([
    q(
      "select response_id, organisation_id, instrument_key, variant, school_year, submitted_at, domain_scores, composite from assessment_scores order by response_id",
    ),
    q(
      "select organisation_id, instrument_key, variant, school_year, response_id, submitted_at, domain_scores, composite from latest_scores order by organisation_id, instrument_key, variant, school_year",
    ),
    q(
      "select scope_id, instrument_key, variant, school_year, domain_key, sum, n from score_aggregates where n > 0 order by scope_id, instrument_key, variant, school_year, domain_key",
    ),
    q(
      "select scope_id, instrument_key, variant, school_year, organisations from participation order by scope_id, instrument_key, variant, school_year",
    ),
  ]);
  const norm = (rows: Row[]) =>
    rows.map((r) =>
      JSON.parse(JSON.stringify(r, (_k, v) => (typeof v === "number" ? Math.round(v * 1e9) / 1e9 : v))),
    );
  return {
    scores: norm(scores),
    latest: norm(latest),
    aggregates: norm(aggregates),
    participation: norm(part),
  };
}

describe.each(DATABASES)("rebuilding aggregates on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
    await seedInstruments(t.db);
  });
  afterAll(() => t?.close());

  it("leaves exactly what the submission path left", async () => {
    const user = await buildUser(t.db);
    const quality = (await currentInstrument(t.db, "quality", "school"))!;
    const profile = (await currentInstrument(t.db, "profile", "school"))!;
    const a = await buildDistrictWithSchools(t.db, "VT", 7);
    const b = await buildDistrictWithSchools(t.db, "VT", 6);
    const c = await buildDistrictWithSchools(t.db, "NH", 2);
    const schools = [...a.schools, ...b.schools, ...c.schools];
    const ratingKeys = quality.sections
      .filter((s) => s.scored)
      .map((s) => ({ key: s.key, items: s.items.filter((i) => i.type === "rating") }));
    const yesno = profile.sections.flatMap((s) =>
      s.items.filter((i) => i.type === "yesno").map((i) => ({ section: s.key, key: i.key })),
    );

    const submitQuality = async (organisation: (typeof schools)[number], seed: number, sparse = false) => {
      const { id } = await startResponse(t.db, {
        actorId: user.id,
        organisation,
        instrumentKey: "quality",
        schoolYear: "2025-26",
      });
      for (const [d, section] of ratingKeys.entries()) {
        const answers: Record<string, unknown> = {};
        section.items.forEach((item, i) => {
          const v = (seed * 7 + d * 3 + i * 5) % 8;
          if (sparse && d % 2 === 0 && i > 0) return; // too few answers in some domains
          answers[item.key] = v === 6 ? "dk" : v === 7 ? "na" : v + 1;
        });
        await saveSection(t.db, {
          actorId: user.id,
          responseId: id,
          sectionKey: section.key,
          baseVersion: 0,
          answers,
          source: "json",
        });
      }
      await submitResponse(t.db, { actorId: user.id, responseId: id });
    };

    for (const [i, school] of schools.entries()) await submitQuality(school, i, i === 3);
    // A second time point replaces the first one's contribution.
    await submitQuality(schools[0]!, 99);
    await submitQuality(schools[5]!, 42, true);
    for (const school of schools.slice(0, 9)) {
      const { id } = await startResponse(t.db, {
        actorId: user.id,
        organisation: school,
        instrumentKey: "profile",
        schoolYear: "2025-26",
      });
      const first = yesno[0]!;
      await saveSection(t.db, {
        actorId: user.id,
        responseId: id,
        sectionKey: first.section,
        baseVersion: 0,
        answers: { [first.key]: "yes" },
        source: "json",
      });
      await submitResponse(t.db, { actorId: user.id, responseId: id });
    }
    // A district answers its own variant.
    const districtQuality = (await currentInstrument(t.db, "quality", "district"))!;
    const { id } = await startResponse(t.db, {
      actorId: user.id,
      organisation: a.district,
      instrumentKey: "quality",
      schoolYear: "2025-26",
    });
    const firstSection = districtQuality.sections.find((s) => s.scored)!;
    await saveSection(t.db, {
      actorId: user.id,
      responseId: id,
      sectionKey: firstSection.key,
      baseVersion: 0,
      answers: Object.fromEntries(
        firstSection.items.filter((i) => i.type === "rating").map((i) => [i.key, 4]),
      ),
      source: "json",
    });
    await submitResponse(t.db, { actorId: user.id, responseId: id });

    const before = await snapshot(t);
    expect(before.scores.length).toBe(schools.length + 3);
    expect(before.aggregates.length).toBeGreaterThan(0);
    const result = await rebuildAggregates(t.db);
    expect(result.responses).toBe(schools.length + 3);
    const after = await snapshot(t);
    expect(after.scores).toEqual(before.scores);
    expect(after.latest).toEqual(before.latest);
    expect(after.participation).toEqual(before.participation);
    expect(after.aggregates).toEqual(before.aggregates);
  });
});
