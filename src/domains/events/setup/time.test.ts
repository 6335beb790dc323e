import { describe, expect, it } from "vitest";
import { isTimeZone, utcToZoned, zonedToUtc } from "./time";

describe("event times in the event's own time zone", () => {
  it("converts a wall-clock time to UTC and back, in and out of daylight saving", () => {
    expect(zonedToUtc("2026-07-15", "09:30", "America/New_York").toISOString()).toBe(
      "2026-07-15T13:30:00.000Z",
    );
    expect(zonedToUtc("2026-01-15", "09:30", "America/New_York").toISOString()).toBe(
      "2026-01-15T14:30:00.000Z",
    );
    expect(zonedToUtc("2026-01-15", "09:30", "America/Los_Angeles").toISOString()).toBe(
      "2026-01-15T17:30:00.000Z",
    );
    expect(zonedToUtc("2026-01-15", "09:30", "Pacific/Honolulu").toISOString()).toBe(
      "2026-01-15T19:30:00.000Z",
    );
    expect(utcToZoned(new Date("2026-07-15T13:30:00Z"), "America/New_York")).toEqual({
      day: "2026-07-15",
      time: "09:30",
    });
    expect(utcToZoned(new Date("2026-01-01T03:00:00Z"), "America/Chicago")).toEqual({
      day: "2025-12-31",
      time: "21:00",
    });
  });

  it("handles the hour skipped and the hour repeated by daylight-saving changes", () => {
    // 2026-03-08 02:30 does not exist in New York; 2026-11-01 01:30 happens twice.
    expect(utcToZoned(zonedToUtc("2026-03-08", "02:30", "America/New_York"), "America/New_York").time).toBe(
      "03:30",
    );
    expect(zonedToUtc("2026-11-01", "01:30", "America/New_York").toISOString()).toBe(
      "2026-11-01T05:30:00.000Z",
    );
  });

  it("knows real time zones and refuses made-up ones", () => {
    expect(isTimeZone("America/Denver")).toBe(true);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
  });
});
