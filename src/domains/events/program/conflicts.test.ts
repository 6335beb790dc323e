import { describe, expect, it } from "vitest";
import { creditHoursOf, overlaps, outsideEvent, type ScheduledSession, scheduleConflicts } from "./conflicts";

/*
 * The schedule's rules, worked by hand on a two-day event in New York (EDT, UTC-4, in June):
 * 09:00 there is 13:00Z.
 */
const event = { startsOn: "2026-06-10", endsOn: "2026-06-11", timeZone: "America/New_York" };
const at = (isoZ: string) => new Date(isoZ);
const session = (id: string, over: Partial<ScheduledSession> = {}): ScheduledSession => ({
  id,
  startsAt: at("2026-06-10T13:00:00Z"),
  endsAt: at("2026-06-10T14:00:00Z"),
  roomId: null,
  capacity: null,
  presenters: [],
  ...over,
});
const ana = { userId: "u-ana", name: "Ana Ruiz" };

describe("schedule conflicts", () => {
  it("flags a room booked for two overlapping sessions, not back-to-back ones", () => {
    const a = session("a", { roomId: "r1" });
    const b = session("b", {
      roomId: "r1",
      startsAt: at("2026-06-10T13:30:00Z"),
      endsAt: at("2026-06-10T14:30:00Z"),
    });
    const c = session("c", {
      roomId: "r1",
      startsAt: at("2026-06-10T14:30:00Z"),
      endsAt: at("2026-06-10T15:00:00Z"),
    });
    expect(scheduleConflicts([c, b, a], [], event)).toEqual([
      { kind: "roomTwice", sessionIds: ["a", "b"], roomId: "r1" },
    ]);
  });

  it("flags a presenter in two overlapping sessions, by account or by the same name", () => {
    const a = session("a", { roomId: "r1", presenters: [ana] });
    const b = session("b", { roomId: "r2", presenters: [{ userId: "u-ana", name: "A. Ruiz" }] });
    const c = session("c", { roomId: "r3", presenters: [{ userId: null, name: "  ana   RUIZ " }] });
    const d = session("d", { roomId: "r4", presenters: [{ userId: "u-ben", name: "Ben Li" }] });
    const found = scheduleConflicts([a, b, c, d], [], event);
    // a and b: the same account under two spellings; a and c: c has no account, and the name matches.
    // b and c: "A. Ruiz" is not "ana ruiz"; d is someone else.
    expect(found).toEqual([
      { kind: "presenterTwice", sessionIds: ["a", "b"], presenter: "Ana Ruiz" },
      { kind: "presenterTwice", sessionIds: ["a", "c"], presenter: "Ana Ruiz" },
    ]);
    // Two accounts that share a name are two people.
    const namesakes = scheduleConflicts(
      [
        session("p", { presenters: [{ userId: "u-1", name: "Sam Lee" }] }),
        session("q", { presenters: [{ userId: "u-2", name: "Sam Lee" }] }),
      ],
      [],
      event,
    );
    expect(namesakes).toEqual([]);
    // Without accounts on both sides, the name decides: "Ana Ruiz" typed twice is one person.
    const byName = scheduleConflicts(
      [session("x", { presenters: [{ userId: null, name: "Ana Ruiz" }] }), c],
      [],
      event,
    );
    expect(byName).toEqual([{ kind: "presenterTwice", sessionIds: ["x", "c"], presenter: "Ana Ruiz" }]);
  });

  it("flags a session's capacity above its room's; none when either is unset", () => {
    const rooms = [
      { id: "small", capacity: 30 },
      { id: "open", capacity: null },
    ];
    const found = scheduleConflicts(
      [
        session("over", { roomId: "small", capacity: 40, startsAt: at("2026-06-10T13:00:00Z") }),
        session("fits", {
          roomId: "small",
          capacity: 30,
          startsAt: at("2026-06-11T13:00:00Z"),
          endsAt: at("2026-06-11T14:00:00Z"),
        }),
        session("unset", { roomId: "open", capacity: 500 }),
      ],
      rooms,
      event,
    );
    expect(found).toEqual([{ kind: "overRoomCapacity", sessionId: "over", capacity: 40, roomCapacity: 30 }]);
  });

  it("flags sessions outside the event's days in its own zone", () => {
    // 2026-06-10 01:00Z is still 21:00 on June 9 in New York: before the first day.
    expect(
      outsideEvent(
        session("early", { startsAt: at("2026-06-10T01:00:00Z"), endsAt: at("2026-06-10T02:00:00Z") }),
        event,
      ),
    ).toBe(true);
    // 2026-06-12 03:00Z is 23:00 on June 11 in New York: the last day still.
    expect(
      outsideEvent(
        session("late", { startsAt: at("2026-06-12T02:00:00Z"), endsAt: at("2026-06-12T03:00:00Z") }),
        event,
      ),
    ).toBe(false);
    // Ending at midnight belongs to the day it ran on.
    expect(
      outsideEvent(
        session("midnight", { startsAt: at("2026-06-12T03:00:00Z"), endsAt: at("2026-06-12T04:00:00Z") }),
        event,
      ),
    ).toBe(false);
    expect(
      outsideEvent(
        session("after", { startsAt: at("2026-06-12T04:00:00Z"), endsAt: at("2026-06-12T05:00:00Z") }),
        event,
      ),
    ).toBe(true);
    expect(outsideEvent(session("unplaced", { startsAt: null, endsAt: null }), event)).toBe(false);
  });

  it("treats touching sessions as not overlapping", () => {
    const a = { ...session("a"), startsAt: at("2026-06-10T13:00:00Z"), endsAt: at("2026-06-10T14:00:00Z") };
    const b = { ...session("b"), startsAt: at("2026-06-10T14:00:00Z"), endsAt: at("2026-06-10T15:00:00Z") };
    expect(overlaps(a, b)).toBe(false);
  });
});

describe("credit hours of a session", () => {
  const base = { countsForCredit: true, creditHours: null, startsAt: at("2026-06-10T13:00:00Z") };
  it("rounds its length down to a quarter hour", () => {
    expect(creditHoursOf({ ...base, endsAt: at("2026-06-10T13:50:00Z") })).toBe(0.75);
    expect(creditHoursOf({ ...base, endsAt: at("2026-06-10T14:30:00Z") })).toBe(1.5);
    expect(creditHoursOf({ ...base, endsAt: at("2026-06-10T14:44:00Z") })).toBe(1.5);
    expect(creditHoursOf({ ...base, endsAt: at("2026-06-10T13:14:00Z") })).toBe(0);
  });
  it("takes the organiser's figure when set, and none when the session does not count", () => {
    expect(creditHoursOf({ ...base, creditHours: "1.25", endsAt: at("2026-06-10T16:00:00Z") })).toBe(1.25);
    expect(creditHoursOf({ ...base, countsForCredit: false, endsAt: at("2026-06-10T16:00:00Z") })).toBe(0);
    expect(creditHoursOf({ ...base, startsAt: null, endsAt: null })).toBe(0);
  });
});
