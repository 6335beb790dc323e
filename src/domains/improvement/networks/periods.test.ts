import { describe, expect, it } from "vitest";
import {
  currentReportingPeriod,
  isPeriodStart,
  lastClosedPeriod,
  periodLabel,
  periodStartOf,
  periodStarts,
  reportingWindow,
  teamLetters,
} from "./periods";

describe("network reporting periods", () => {
  it("finds a month's first day and a week's Monday", () => {
    expect(periodStartOf("2026-11-27", "month")).toBe("2026-11-01");
    expect(periodStartOf("2026-11-27", "week")).toBe("2026-11-23"); // a Friday → that Monday
    expect(periodStartOf("2026-11-23", "week")).toBe("2026-11-23");
    expect(periodStartOf("2026-11-29", "week")).toBe("2026-11-23"); // Sunday ends the week
    expect(isPeriodStart("2026-11-01", "month")).toBe(true);
    expect(isPeriodStart("2026-11-02", "month")).toBe(false);
  });

  it("opens a period's window the day after it ends, for the network's reporting days", () => {
    expect(reportingWindow("2026-10-01", "month", 10)).toEqual({
      periodStart: "2026-10-01",
      opensOn: "2026-11-01",
      closesOn: "2026-11-10",
    });
    // December rolls into the next year; a week's window is at most a week.
    expect(reportingWindow("2026-12-01", "month", 1).opensOn).toBe("2027-01-01");
    expect(reportingWindow("2026-11-16", "week", 30).closesOn).toBe("2026-11-29");
  });

  it("reports last month now, and counts teams late once its window closed", () => {
    const open = currentReportingPeriod("2026-11-05", "month", 10);
    expect(open).toMatchObject({ periodStart: "2026-10-01", closed: false });
    expect(lastClosedPeriod("2026-11-05", "month", 10).periodStart).toBe("2026-09-01");
    const closed = currentReportingPeriod("2026-11-27", "month", 10);
    expect(closed).toMatchObject({ periodStart: "2026-10-01", closed: true });
    expect(lastClosedPeriod("2026-11-27", "month", 10).periodStart).toBe("2026-10-01");
    // The last day of the window is still open.
    expect(currentReportingPeriod("2026-11-10", "month", 10).closed).toBe(false);
  });

  it("lists periods in order and names them in both languages", () => {
    expect(periodStarts("2026-01-15", "2026-04-01", "month")).toEqual([
      "2026-01-01",
      "2026-02-01",
      "2026-03-01",
      "2026-04-01",
    ]);
    expect(periodLabel("2026-10-01", "month", "en")).toBe("Oct 2026");
    expect(periodLabel("2026-10-01", "month", "es")).toBe("oct 2026");
  });

  it("letters teams A to Z, then AA", () => {
    expect([0, 1, 25, 26, 27, 51, 52].map(teamLetters)).toEqual(["A", "B", "Z", "AA", "AB", "AZ", "BA"]);
  });
});
