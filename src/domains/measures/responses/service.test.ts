import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, startTestApp, type TestApp } from "../../../../test/support/app";
import { queryRows } from "../../../platform/db/client";
import { INSTRUMENTS } from "../../../seed/instruments";
import { buildDistrictWithSchools, buildUser } from "../../../seed/factories";
import { currentInstrument, listInstruments, seedInstruments } from "../instruments/service";
import { participation, scoreAggregates } from "../schema";
import { copyForwardProfile, getResponse, saveSection, startResponse, submitResponse } from "./service";

describe.each(DATABASES)("measures service on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
    await seedInstruments(t.db);
  });
  afterAll(() => t?.close());

  it("loads every instrument once, and again without duplicates", async () => {
    await seedInstruments(t.db);
    const list = await listInstruments(t.db);
    expect(list).toHaveLength(INSTRUMENTS.length);
    const quality = await currentInstrument(t.db, "quality", "district");
    expect(quality?.sections.filter((s) => s.scored)).toHaveLength(7);
    expect(quality?.sections[0]?.items.find((i) => i.key === "teaming.school-contacts")).toBeTruthy();
  });

  it("saves a section, audits each change old → new, and refuses a stale save with both values", async () => {
    const { schools } = await buildDistrictWithSchools(t.db, "MD", 1);
    const [alice, bob] = [await buildUser(t.db), await buildUser(t.db, { name: "Bob Builder" })];
    const { id } = await startResponse(t.db, {
      actorId: alice.id,
      organisation: schools[0]!,
      instrumentKey: "quality",
      schoolYear: "2025-26",
    });

    const first = await saveSection(t.db, {
      actorId: alice.id,
      responseId: id,
      sectionKey: "teaming",
      baseVersion: 0,
      answers: { "teaming.meets": "3" },
      source: "text",
    });
    expect(first).toEqual({ status: "saved", version: 1, changed: true });
    const second = await saveSection(t.db, {
      actorId: bob.id,
      responseId: id,
      sectionKey: "teaming",
      baseVersion: 1,
      answers: { "teaming.meets": 5, "teaming.roles": "na" },
      source: "json",
    });
    expect(second).toMatchObject({ status: "saved", version: 2 });

    const stale = await saveSection(t.db, {
      actorId: alice.id,
      responseId: id,
      sectionKey: "teaming",
      baseVersion: 1,
      answers: { "teaming.meets": 2 },
      source: "json",
    });
    expect(stale.status).toBe("conflict");
    if (stale.status === "conflict") {
      expect(stale.current.answers).toEqual({ "teaming.meets": 5, "teaming.roles": "na" });
      expect(stale.current.updatedByName).toBe("Bob Builder");
      expect(stale.yours).toEqual({ "teaming.meets": 2 });
    }
    const view = await getResponse(t.db, id);
    expect(view?.sections.teaming?.answers).toEqual({ "teaming.meets": 5, "teaming.roles": "na" });

    const audit = await queryRows<{ before: unknown; after: unknown; actor_id: string }>(
      t.db,
      sql`select before, after, actor_id from audit_log where entity_id = ${`${id}/teaming`} order by id`,
    );
    expect(audit).toEqual([
      { before: { "teaming.meets": null }, after: { "teaming.meets": 3 }, actor_id: alice.id },
      {
        before: { "teaming.meets": 3, "teaming.roles": null },
        after: { "teaming.meets": 5, "teaming.roles": "na" },
        actor_id: bob.id,
      },
    ]);
  });

  it("opens the district variant for a district and refuses organisations that answer no instrument", async () => {
    const { district, state } = await buildDistrictWithSchools(t.db, "MD", 0);
    const user = await buildUser(t.db);
    const { id } = await startResponse(t.db, {
      actorId: user.id,
      organisation: district,
      instrumentKey: "quality",
      schoolYear: "2025-26",
    });
    const view = await getResponse(t.db, id);
    expect(view?.instrument.variant).toBe("district");
    expect(view?.instrument.sections[0]?.items.some((i) => i.key === "teaming.school-contacts")).toBe(true);
    await expect(
      startResponse(t.db, {
        actorId: user.id,
        organisation: state,
        instrumentKey: "quality",
        schoolYear: "2025-26",
      }),
    ).rejects.toThrow(/No instrument/);
  });

  it("rejects a count above enrollment and a rating outside 1–6 without writing", async () => {
    const { schools } = await buildDistrictWithSchools(t.db, "MD", 1);
    const user = await buildUser(t.db);
    const { id } = await startResponse(t.db, {
      actorId: user.id,
      organisation: schools[0]!,
      instrumentKey: "profile",
      schoolYear: "2025-26",
    });
    const result = await saveSection(t.db, {
      actorId: user.id,
      responseId: id,
      sectionKey: "served",
      baseVersion: 0,
      answers: { "served.tier2": 501 },
      source: "json",
    });
    expect(result).toMatchObject({
      status: "invalid",
      problems: { "served.tier2": { code: "enrollment", enrollment: 500 } },
    });
    expect((await getResponse(t.db, id))?.sections.served).toBeUndefined();
  });

  it("copies last year's profile answers forward into empty sections", async () => {
    const { schools } = await buildDistrictWithSchools(t.db, "MD", 1);
    const user = await buildUser(t.db);
    const last = await startResponse(t.db, {
      actorId: user.id,
      organisation: schools[0]!,
      instrumentKey: "profile",
      schoolYear: "2024-25",
    });
    await saveSection(t.db, {
      actorId: user.id,
      responseId: last.id,
      sectionKey: "staffing",
      baseVersion: 0,
      answers: { "staff.counselor.school": 1.5 },
      source: "json",
    });
    const now = await startResponse(t.db, {
      actorId: user.id,
      organisation: schools[0]!,
      instrumentKey: "profile",
      schoolYear: "2025-26",
    });
    expect(await copyForwardProfile(t.db, { actorId: user.id, responseId: now.id })).toBe(1);
    expect((await getResponse(t.db, now.id))?.sections.staffing?.answers).toEqual({
      "staff.counselor.school": 1.5,
    });
  });

  it("submits in one transaction: locks the time point and updates district, state and national sums", async () => {
    const { district, state, schools } = await buildDistrictWithSchools(t.db, "VT", 2);
    const user = await buildUser(t.db);
    const rateAll = async (schoolIndex: number, rating: number) => {
      const { id } = await startResponse(t.db, {
        actorId: user.id,
        organisation: schools[schoolIndex]!,
        instrumentKey: "quality",
        schoolYear: "2025-26",
      });
      const view = (await getResponse(t.db, id))!;
      for (const s of view.instrument.sections) {
        await saveSection(t.db, {
          actorId: user.id,
          responseId: id,
          sectionKey: s.key,
          baseVersion: 0,
          answers: Object.fromEntries(s.items.map((i) => [i.key, rating])),
          source: "json",
        });
      }
      return submitResponse(t.db, { actorId: user.id, responseId: id });
    };
    const submitted = await rateAll(0, 2);
    expect(submitted.status).toBe("submitted");
    await rateAll(1, 5);
    const sums = async (scopeId: string, domainKey: string) =>
      (
        await t.db
          .select({ sum: scoreAggregates.sum, n: scoreAggregates.n })
          .from(scoreAggregates)
          .where(
            and(
              eq(scoreAggregates.scopeId, scopeId),
              eq(scoreAggregates.domainKey, domainKey),
              eq(scoreAggregates.schoolYear, "2025-26"),
            ),
          )
      )[0];
    expect(await sums(district.id, "teaming")).toEqual({ sum: 7, n: 2 });
    expect(await sums(state.id, "composite")).toEqual({ sum: 7, n: 2 });

    // A second time point the same year replaces the school's contribution instead of adding to it.
    await rateAll(0, 4);
    expect(await sums(district.id, "teaming")).toEqual({ sum: 9, n: 2 });
    const [p] = await t.db
      .select()
      .from(participation)
      .where(and(eq(participation.scopeId, district.id), eq(participation.instrumentKey, "quality")));
    expect(p?.organisations).toBe(2);

    await expect(submitResponse(t.db, { actorId: user.id, responseId: submitted.id })).rejects.toThrow(
      /already/,
    );
    await expect(
      saveSection(t.db, {
        actorId: user.id,
        responseId: submitted.id,
        sectionKey: "teaming",
        baseVersion: 1,
        answers: {},
        source: "json",
      }),
    ).rejects.toThrow(/locked/);
  });

  // Last in the file: it publishes a second version that later tests would otherwise pick up.
  it("publishes a new version without touching old responses, and aggregates join on domain keys", async () => {
    const { district, schools } = await buildDistrictWithSchools(t.db, "ID", 2);
    const user = await buildUser(t.db);
    const submitAll = async (organisation: (typeof schools)[number], rating: number) => {
      const { id } = await startResponse(t.db, {
        actorId: user.id,
        organisation,
        instrumentKey: "quality",
        schoolYear: "2025-26",
      });
      const view = (await getResponse(t.db, id))!;
      for (const s of view.instrument.sections) {
        await saveSection(t.db, {
          actorId: user.id,
          responseId: id,
          sectionKey: s.key,
          baseVersion: 0,
          answers: Object.fromEntries(s.items.map((i) => [i.key, rating])),
          source: "json",
        });
      }
      return submitResponse(t.db, { actorId: user.id, responseId: id });
    };
    const old = await submitAll(schools[0]!, 2);
    expect(old.instrument.version).toBe(1);

    const v1 = INSTRUMENTS.find((i) => i.key === "quality" && i.variant === "school")!;
    const v2 = {
      ...v1,
      version: 2,
      publishedAt: "2026-09-01",
      sections: v1.sections.map((s) =>
        s.key === "teaming"
          ? {
              ...s,
              items: [
                ...s.items,
                { key: "teaming.new-v2", type: "rating" as const, prompt: { en: "New", es: "Nuevo" } },
              ],
            }
          : s,
      ),
    };
    await seedInstruments(t.db, [...INSTRUMENTS, v2]);
    const fresh = await submitAll(schools[1]!, 4);
    expect(fresh.instrument.version).toBe(2);
    expect((await getResponse(t.db, old.id))?.instrument.version).toBe(1);
    const [sums] = await t.db
      .select({ sum: scoreAggregates.sum, n: scoreAggregates.n })
      .from(scoreAggregates)
      .where(and(eq(scoreAggregates.scopeId, district.id), eq(scoreAggregates.domainKey, "teaming")));
    expect(sums).toEqual({ sum: 6, n: 2 });
  });
});
