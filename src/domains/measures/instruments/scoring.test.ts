import { describe, expect, it } from "vitest";
import { INSTRUMENTS } from "../../../seed/instruments";
import {
  DEFAULT_BANDS,
  type InstrumentDefinition,
  type SectionDefinition,
} from "../../../seed/instruments/types";
import {
  bandFor,
  domainScore,
  meanCell,
  ratingOf,
  roundScore,
  scoreAssessment,
  scoreChanges,
  scoreSummary,
  strengthsAndPriorities,
  suppress,
} from "./scoring";

const text = (s: string) => ({ en: s, es: s });
const domain = (key: string, itemCount: number): SectionDefinition => ({
  key,
  title: text(key),
  scored: true,
  items: Array.from({ length: itemCount }, (_, i) => ({
    key: `${key}.${i + 1}`,
    type: "rating" as const,
    prompt: text("x"),
  })),
});
const instrument = (sections: SectionDefinition[], version = 1): InstrumentDefinition => ({
  key: "test",
  version,
  kind: "assessment",
  variant: "school",
  title: text("t"),
  description: text("d"),
  publishedAt: "2026-01-01",
  bands: DEFAULT_BANDS,
  sections,
});
const band = (score: number) => bandFor(score, DEFAULT_BANDS)?.key;

describe("ratings", () => {
  it("reads 1–6 from numbers or form strings and nothing else", () => {
    expect(ratingOf(4)).toBe(4);
    expect(ratingOf("6")).toBe(6);
    expect(ratingOf("dk")).toBeNull();
    expect(ratingOf("na")).toBeNull();
    expect(ratingOf(0)).toBeNull();
    expect(ratingOf(7)).toBeNull();
    expect(ratingOf(3.5)).toBeNull();
    expect(ratingOf(undefined)).toBeNull();
  });

  it("rounds half up at one decimal without floating-point surprises", () => {
    expect(roundScore(2.95)).toBe(3);
    expect(roundScore(2.94)).toBe(2.9);
    expect(roundScore(4.95)).toBe(5);
    expect(roundScore(14 / 3)).toBe(4.7);
  });
});

describe("bands", () => {
  it("puts every boundary on the right side", () => {
    expect(band(1)).toBe("emerging");
    expect(band(2.9)).toBe("emerging");
    expect(band(3.0)).toBe("progressing");
    expect(band(4.9)).toBe("progressing");
    expect(band(5.0)).toBe("mastery");
    expect(band(6)).toBe("mastery");
  });

  it("bands the rounded score: 2.94 is emerging, 2.95 is progressing, 4.95 is mastery", () => {
    expect(band(2.94)).toBe("emerging");
    expect(band(2.95)).toBe("progressing");
    expect(band(4.94)).toBe("progressing");
    expect(band(4.95)).toBe("mastery");
  });

  it("uses the bands of the instrument, not fixed ones", () => {
    const custom = [
      { key: "low", label: text("Low"), min: 1, max: 3.4 },
      { key: "high", label: text("High"), min: 3.5, max: 6 },
    ];
    const result = domainScore(domain("a", 2), { "a.1": 3, "a.2": 4 }, custom);
    expect(result.status === "scored" && result.band?.key).toBe("high");
  });
});

describe("domain score", () => {
  it("is the mean of rated items: (2 + 3 + 4 + 3) / 4 = 3.0, progressing", () => {
    const result = domainScore(domain("a", 4), { "a.1": 2, "a.2": 3, "a.3": 4, "a.4": 3 }, DEFAULT_BANDS);
    expect(result).toMatchObject({ status: "scored", score: 3, rated: 4, total: 4 });
    expect(result.status === "scored" && result.band?.key).toBe("progressing");
  });

  it("leaves out don't know and N/A: (3 + 2 + 3) / 3 = 2.7, emerging", () => {
    const result = domainScore(
      domain("a", 5),
      { "a.1": 3, "a.2": "dk", "a.3": 2, "a.4": "na", "a.5": 3 },
      DEFAULT_BANDS,
    );
    expect(result).toMatchObject({ status: "scored", score: 2.7, rated: 3, total: 5 });
    expect(result.status === "scored" && result.band?.key).toBe("emerging");
  });

  it("rounds the mean half up: (5 + 5 + 5 + 4) / 4 = 4.75 → 4.8, still progressing", () => {
    expect(
      domainScore(domain("a", 4), { "a.1": 5, "a.2": 5, "a.3": 5, "a.4": 4 }, DEFAULT_BANDS),
    ).toMatchObject({ score: 4.8 });
  });

  it("has not enough answers when fewer than half the items are rated", () => {
    // 7 items, 3 rated: 3 < 3.5.
    const three = { "a.1": 6, "a.2": 6, "a.3": 6, "a.4": "dk", "a.5": "na" };
    expect(domainScore(domain("a", 7), three, DEFAULT_BANDS)).toEqual({
      key: "a",
      status: "notEnough",
      rated: 3,
      total: 7,
    });
    // 8 items, 4 rated: exactly half is enough.
    expect(
      domainScore(domain("a", 8), { "a.1": 6, "a.2": 6, "a.3": 6, "a.4": 6 }, DEFAULT_BANDS),
    ).toMatchObject({
      status: "scored",
      score: 6,
    });
  });

  it("counts an all-N/A domain as not enough answers", () => {
    expect(domainScore(domain("a", 2), { "a.1": "na", "a.2": "na" }, DEFAULT_BANDS).status).toBe("notEnough");
  });
});

describe("assessment score", () => {
  const inst = instrument([domain("a", 2), domain("b", 2), domain("c", 2)]);

  it("composite is the mean of scored domains: a = 2.5, b = 5.5 → 4.0; c not enough (1 of 2 rated is enough, 0 is not)", () => {
    const score = scoreAssessment(inst, { "a.1": 2, "a.2": 3, "b.1": 5, "b.2": 6 });
    expect(score.domains.map((d) => d.status)).toEqual(["scored", "scored", "notEnough"]);
    expect(score.composite).toMatchObject({ status: "scored", score: 4, domains: 2, total: 3 });
    expect(scoreSummary(score)).toEqual({ domainScores: { a: 2.5, b: 5.5, c: null }, composite: 4 });
  });

  it("has no composite when fewer than half the domains are scored", () => {
    expect(scoreAssessment(inst, { "a.1": 2 }).composite).toEqual({
      status: "notEnough",
      domains: 1,
      total: 3,
    });
  });

  it("scores a version by its own items and ignores answers to items it does not have", () => {
    const v2 = instrument(
      [
        {
          ...domain("a", 2),
          items: [...domain("a", 2).items, { key: "a.new", type: "rating", prompt: text("x") }],
        },
      ],
      2,
    );
    const answers = { "a.1": 2, "a.2": 2, "a.new": 5, "retired.item": 1 };
    expect(scoreAssessment(instrument([domain("a", 2)]), answers).domains[0]).toMatchObject({ score: 2 });
    expect(scoreAssessment(v2, answers).domains[0]).toMatchObject({ score: 3, total: 3 });
  });

  it("scores the district variant on its own items: its Teaming domain has one more indicator", () => {
    const school = INSTRUMENTS.find((i) => i.key === "quality" && i.variant === "school")!;
    const district = INSTRUMENTS.find((i) => i.key === "quality" && i.variant === "district")!;
    const schoolTeaming = school.sections.find((s) => s.key === "teaming")!;
    const districtTeaming = district.sections.find((s) => s.key === "teaming")!;
    expect(districtTeaming.items.length).toBe(schoolTeaming.items.length + 1);
    // Every shared indicator rated 3, the district-only one rated 6.
    const answers: Record<string, unknown> = Object.fromEntries(schoolTeaming.items.map((i) => [i.key, 3]));
    answers["teaming.school-contacts"] = 6;
    const n = schoolTeaming.items.length;
    expect(domainScore(schoolTeaming, answers, school.bands)).toMatchObject({ score: 3 });
    expect(domainScore(districtTeaming, answers, district.bands)).toMatchObject({
      score: roundScore((3 * n + 6) / (n + 1)),
    });
  });
});

describe("instrument data", () => {
  it("has seven domains of 6–10 indicators in both variants, with guidance and Spanish text", () => {
    for (const inst of INSTRUMENTS.filter((i) => i.key === "quality")) {
      const domains = inst.sections.filter((s) => s.scored);
      expect(domains.map((d) => d.key)).toEqual([
        "teaming",
        "needs",
        "screening",
        "promotion",
        "intervention",
        "funding",
        "impact",
      ]);
      for (const d of domains) {
        expect(d.items.length).toBeGreaterThanOrEqual(6);
        expect(d.items.length).toBeLessThanOrEqual(10);
        expect(d.guidance?.bestPractices.length).toBeGreaterThan(0);
        expect(d.guidance?.firstSteps.length).toBeGreaterThan(0);
        for (const item of d.items) expect(item.prompt.es).not.toBe(item.prompt.en);
      }
    }
  });

  it("keeps item keys unique within each instrument and hints against student information on free text", () => {
    for (const inst of INSTRUMENTS) {
      const keys = inst.sections.flatMap((s) => s.items.map((i) => i.key));
      expect(new Set(keys).size).toBe(keys.length);
      for (const item of inst.sections.flatMap((s) => s.items).filter((i) => i.type === "text")) {
        expect(item.hint?.en).toMatch(/students/);
      }
    }
  });
});

describe("strengths, priorities and change", () => {
  it("lists items rated 5–6 as strengths and 1–2 as priorities", () => {
    const inst = instrument([domain("a", 4)]);
    const result = strengthsAndPriorities(inst, { "a.1": 6, "a.2": 5, "a.3": 2, "a.4": "na" });
    expect(result.strengths.map((s) => s.itemKey)).toEqual(["a.1", "a.2"]);
    expect(result.priorities).toEqual([{ sectionKey: "a", itemKey: "a.3", rating: 2 }]);
  });

  it("computes change per domain only where both time points have a score", () => {
    expect(scoreChanges({ a: 3.4, b: 2, c: null }, { a: 2.9, b: null, c: 4 })).toEqual({
      a: 0.5,
      b: null,
      c: null,
    });
    expect(scoreChanges({ a: 3 }, null)).toEqual({ a: null });
  });
});

describe("small-cell suppression", () => {
  it("hides a figure built from fewer than 10 organisations, with the reason", () => {
    expect(suppress(42, 9)).toEqual({ shown: false, reason: "smallCell" });
    expect(suppress(42, 10)).toEqual({ shown: true, value: 42, n: 10 });
  });

  it("turns running sums into suppressed means", () => {
    expect(meanCell(35, 10)).toEqual({ shown: true, value: 3.5, n: 10 });
    expect(meanCell(27, 9)).toEqual({ shown: false, reason: "smallCell" });
    expect(meanCell(0, 0)).toEqual({ shown: false, reason: "smallCell" });
  });
});
