import { describe, expect, it } from "vitest";
import { takePartLinkShown } from "./links";

// Which attendee links an event's page offers at which moment, in the event's own time zone.
describe("take-part links by the event's moment", () => {
  const event = { startsOn: "2027-06-09", endsOn: "2027-06-11", timeZone: "America/Los_Angeles" };
  const context = (
    now: string,
    extra: Partial<{ programPublished: boolean; canOrganise: boolean }> = {},
  ) => ({
    programPublished: false,
    canOrganise: false,
    now: new Date(now),
    ...extra,
  });

  it("offers the certificate only from the first day, in the event's zone", () => {
    // 06:59 UTC on the 9th is still the 8th in Los Angeles.
    expect(takePartLinkShown("link_certificate", event, context("2027-06-09T06:59:00Z"))).toBe(false);
    expect(takePartLinkShown("link_certificate", event, context("2027-06-09T07:01:00Z"))).toBe(true);
    expect(takePartLinkShown("link_certificate", event, context("2027-08-01T12:00:00Z"))).toBe(true);
  });

  it("offers registration until the last day is over", () => {
    expect(takePartLinkShown("link_register", event, context("2027-01-01T12:00:00Z"))).toBe(true);
    expect(takePartLinkShown("link_register", event, context("2027-06-12T06:59:00Z"))).toBe(true);
    expect(takePartLinkShown("link_register", event, context("2027-06-12T07:01:00Z"))).toBe(false);
  });

  it("offers the program once published, and its draft to organisers", () => {
    const now = "2027-01-01T12:00:00Z";
    expect(takePartLinkShown("link_program", event, context(now))).toBe(false);
    expect(takePartLinkShown("link_program", event, context(now, { programPublished: true }))).toBe(true);
    expect(takePartLinkShown("link_program", event, context(now, { canOrganise: true }))).toBe(true);
    expect(takePartLinkShown("link_call", event, context(now))).toBe(true);
  });
});
