import { describe, expect, it } from "vitest";
import type { ItemDefinition, SectionDefinition } from "../../../seed/instruments/types";
import { answerProblemDetail, checkSectionAnswers } from "./answers";
import { problemText } from "../views/fields";

const fte: ItemDefinition = { key: "staff.fte", type: "fte", prompt: { en: "FTE", es: "ETC" } };
const count: ItemDefinition = { key: "staff.count", type: "count", prompt: { en: "Count", es: "Número" } };
const section: SectionDefinition = {
  key: "staffing",
  title: { en: "Staffing", es: "Personal" },
  scored: false,
  items: [fte, count],
};

/** 0.00, 0.01, … 10.00 written the way a person types them, from integer hundredths (no floating point). */
const hundredths = Array.from({ length: 1001 }, (_, i) => ({
  i,
  text: `${Math.floor(i / 100)}.${String(i % 100).padStart(2, "0")}`,
}));

describe("FTE answers: at most two decimals, checked on the text", () => {
  it("accepts every value from 0.00 to 10.00 typed in a form, and stores the number it names", () => {
    const refused: string[] = [];
    for (const { i, text } of hundredths) {
      const checked = checkSectionAnswers(section, { [fte.key]: text }, null, "text");
      if (!checked.ok) refused.push(text);
      else expect(checked.answers[fte.key]).toBe(i / 100);
    }
    expect(refused).toEqual([]);
  });

  it("accepts every value from 0.00 to 10.00 sent as a JSON number", () => {
    const refused: string[] = [];
    for (const { i, text } of hundredths) {
      // What a JSON parser makes of the text, e.g. 0.29 (the double nearest 29/100).
      const value: unknown = JSON.parse(text);
      const checked = checkSectionAnswers(section, { [fte.key]: value }, null, "json");
      if (!checked.ok) refused.push(text);
      else expect(checked.answers[fte.key]).toBe(i / 100);
    }
    expect(refused).toEqual([]);
  });

  it("accepts the values the floating-point check refused, written as people write them", () => {
    for (const text of ["1.1", "0.29", "0.07", "0.55", "1.10", "8.2", ".5", " 2.5 ", "1000"]) {
      expect(checkSectionAnswers(section, { [fte.key]: text }, null, "text").ok, text).toBe(true);
    }
    for (const value of [1.1, 0.29, 0.07, 0.55, 8.2, 4.35, 9.99, 1000]) {
      expect(checkSectionAnswers(section, { [fte.key]: value }, null, "json").ok, String(value)).toBe(true);
    }
  });

  it("refuses more than two decimals, exponents and anything that is not a plain number, with a message", () => {
    const texts = [
      "0.001",
      "1.234",
      "1e-7",
      "1E2",
      "NaN",
      "nan",
      "Infinity",
      "-Infinity",
      "-1",
      "+1",
      "1,5",
      "0x1A",
      "1.",
      "1..2",
      "1 2",
      "½",
      "1000.01",
      "١",
    ];
    for (const text of texts) {
      const checked = checkSectionAnswers(section, { [fte.key]: text }, null, "text");
      expect(checked.ok, text).toBe(false);
      if (!checked.ok) {
        expect(checked.problems[fte.key]).toEqual({ code: "fte" });
        expect(problemText(checked.problems[fte.key]!, "en")).toBe(
          "Enter a number of 0 or more with at most two decimals, for example 1.5.",
        );
      }
    }
    for (const value of [0.001, 1e-7, 0.125, -0.5, 1000.01, 1e21, Number.NaN, Number.POSITIVE_INFINITY]) {
      const checked = checkSectionAnswers(section, { [fte.key]: value }, null, "json");
      expect(checked.ok, String(value)).toBe(false);
      if (!checked.ok)
        expect(answerProblemDetail(checked.problems[fte.key]!)).toBe(
          "is not a valid fte answer: it must be a number from 0 to 1000 with at most two decimals",
        );
    }
    // Text is never an FTE in JSON, even text that would be one in a form.
    const asText = checkSectionAnswers(section, { [fte.key]: "1.5" }, null, "json");
    expect(asText.ok).toBe(false);
    if (!asText.ok) expect(answerProblemDetail(asText.problems[fte.key]!)).toContain("(got a string)");
  });
});

describe("counts", () => {
  it("keeps 0 from a form and from JSON alike", () => {
    expect(checkSectionAnswers(section, { [count.key]: "0" }, null, "text")).toEqual({
      ok: true,
      answers: { [count.key]: 0 },
    });
    expect(checkSectionAnswers(section, { [count.key]: 0 }, null, "json")).toEqual({
      ok: true,
      answers: { [count.key]: 0 },
    });
  });

  it("treats a blank form field as no answer, but refuses an empty JSON string", () => {
    expect(checkSectionAnswers(section, { [count.key]: "  " }, null, "text")).toEqual({
      ok: true,
      answers: {},
    });
    const checked = checkSectionAnswers(section, { [count.key]: "" }, null, "json");
    expect(checked.ok).toBe(false);
    if (!checked.ok) {
      expect(checked.problems[count.key]).toEqual({ code: "count", received: "empty string" });
      expect(answerProblemDetail(checked.problems[count.key]!)).toContain("send null to clear an answer");
    }
  });
});
