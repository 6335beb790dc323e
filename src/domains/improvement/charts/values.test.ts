import { describe, expect, it } from "vitest";
import { checkRows, nextPeriodStart, periodStartOf, readValuesCsv } from "./values";

const today = new Date("2026-11-27T12:00:00Z");

describe("periods", () => {
  it("names a month by its first day and a week by its Monday", () => {
    expect(periodStartOf("2025-03", "month")).toBe("2025-03-01");
    expect(periodStartOf("2025-03-19", "month")).toBe("2025-03-01");
    expect(periodStartOf("2025-03-19", "week")).toBe("2025-03-17");
    expect(periodStartOf("2025-03-17", "week")).toBe("2025-03-17");
    expect(periodStartOf("2025-02-30", "month")).toBeNull();
    expect(periodStartOf("March 2025", "month")).toBeNull();
    expect(periodStartOf("2025-03", "week")).toBeNull();
  });

  it("steps to the next period", () => {
    expect(nextPeriodStart("2025-12-01", "month")).toBe("2026-01-01");
    expect(nextPeriodStart("2025-12-29", "week")).toBe("2026-01-05");
  });
});

describe("rows", () => {
  it("accepts good proportion rows and sorts them", () => {
    const result = checkRows(
      [
        { period: "2025-02", value: "12", denominator: "20" },
        { period: "2025-01", value: 3, denominator: 10 },
      ],
      { type: "proportion", period: "month" },
      today,
    );
    expect(result).toEqual({
      ok: true,
      rows: [
        { periodStart: "2025-01-01", value: 3, denominator: 10 },
        { periodStart: "2025-02-01", value: 12, denominator: 20 },
      ],
    });
  });

  it("names every problem by row and column", () => {
    const result = checkRows(
      [
        { period: "2025-01", value: "x", denominator: "10" },
        { period: "2025-01", value: "11", denominator: "10" },
        { period: "2031-01", value: "-1", denominator: "0" },
        { period: "2025-04", value: "2.5", denominator: "" },
      ],
      { type: "proportion", period: "month" },
      today,
    );
    expect(result).toEqual({
      ok: false,
      problems: [
        { row: 1, column: "numerator", code: "valueNotNumber" },
        { row: 2, column: "period", code: "periodDuplicate" },
        { row: 2, column: "numerator", code: "numeratorAboveDenominator" },
        { row: 3, column: "period", code: "periodFuture" },
        { row: 3, column: "numerator", code: "valueNegative" },
        { row: 3, column: "denominator", code: "denominatorNotPositive" },
        { row: 4, column: "numerator", code: "valueNotWhole" },
        { row: 4, column: "denominator", code: "denominatorMissing" },
      ],
    });
  });

  it("lets a mean be a fraction and a rate's exposure be any positive number", () => {
    expect(
      checkRows([{ period: "2025-01", value: "2.75" }], { type: "mean", period: "month" }, today).ok,
    ).toBe(true);
    expect(
      checkRows(
        [{ period: "2025-01", value: "4", denominator: "2.5" }],
        { type: "rate", period: "month" },
        today,
      ).ok,
    ).toBe(true);
  });
});

describe("CSV files", () => {
  it("reads the columns by name, in any order", () => {
    const result = readValuesCsv("denominator,period,numerator\n20,2025-01,5\n", "proportion");
    expect(result).toEqual({ ok: true, rows: [{ period: "2025-01", value: "5", denominator: "20" }] });
  });

  it("refuses a file without the measure's columns, or with no rows", () => {
    expect(readValuesCsv("period,value\n2025-01,3\n", "proportion")).toMatchObject({
      ok: false,
      problems: [{ row: 0, column: "file", code: "columnsMissing" }],
    });
    expect(readValuesCsv("period,value\n", "count")).toMatchObject({
      ok: false,
      problems: [{ code: "fileEmpty" }],
    });
    expect(readValuesCsv('period,value\n"2025-01,3\n', "count")).toMatchObject({
      ok: false,
      problems: [{ code: "fileUnreadable" }],
    });
  });
});
