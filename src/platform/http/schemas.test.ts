import { FormatRegistry } from "@sinclair/typebox";
import { describe, expect, it } from "vitest";
import { isCalendarDate } from "./schemas";

describe("the date format", () => {
  it("accepts dates that exist, leap days included", () => {
    for (const d of ["2026-01-31", "2024-02-29", "2000-02-29", "2026-12-31"])
      expect(isCalendarDate(d)).toBe(true);
  });
  it("refuses dates that roll over and shapes that are not YYYY-MM-DD", () => {
    for (const d of [
      "2026-02-31",
      "2026-02-29",
      "1900-02-29",
      "2026-04-31",
      "2026-13-01",
      "2026-00-10",
      "2026-1-01",
      "26-01-01",
      "2026-01-01T00:00:00Z",
      "",
    ])
      expect(isCalendarDate(d)).toBe(false);
  });
  it("is the check TypeBox forms use", () => {
    expect(FormatRegistry.Get("date")?.("2026-02-31")).toBe(false);
    expect(FormatRegistry.Get("date")?.("2026-02-28")).toBe(true);
  });
});
