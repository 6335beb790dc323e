import { describe, expect, it } from "vitest";
import {
  countUsage,
  isRobot,
  type ItemCounts,
  reportMonths,
  sessionOf,
  type UsageEvent,
  userOf,
  type Visitor,
  withoutDoubleClicks,
} from "./counting";

const BROWSER =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const PAGE = "/library/screening-guide";
const FILE = "/library/screening-guide/files/f1";

/** A use by `visitor` at `time` (UTC, same day) of resource "r1". */
function use(visitor: Visitor, time: string, kind: UsageEvent["kind"] = "investigation", target = PAGE) {
  const at = new Date(`2026-03-05T${time}Z`);
  return { at, resourceId: "r1", kind, target, user: userOf(visitor), session: sessionOf(visitor, at) };
}
const countsOf = (events: UsageEvent[]): ItemCounts =>
  countUsage(events).get("r1 2026-03") ?? ({} as ItemCounts);

const ana: Visitor = { accountId: "ana", sessionId: "s-ana", ip: "10.0.0.1", userAgent: BROWSER };
const stranger: Visitor = { ip: "10.0.0.9", userAgent: BROWSER };

describe("the double-click filter", () => {
  it("counts two clicks 29 s apart once, keeping the later", () => {
    const first = use(stranger, "10:00:00");
    const second = use(stranger, "10:00:29");
    expect(withoutDoubleClicks([first, second])).toEqual([second]);
    expect(countsOf([first, second]).totalInvestigations).toBe(1);
  });

  it("counts two clicks 31 s apart twice", () => {
    const events = [use(stranger, "10:00:00"), use(stranger, "10:00:31")];
    expect(withoutDoubleClicks(events)).toHaveLength(2);
    expect(countsOf(events)).toEqual({
      totalInvestigations: 2,
      uniqueInvestigations: 1,
      totalRequests: 0,
      uniqueRequests: 0,
    });
  });

  it("folds a run of clicks each within 30 s of the next into one", () => {
    const events = [use(stranger, "10:00:00"), use(stranger, "10:00:25"), use(stranger, "10:00:50")];
    expect(countsOf(events).totalInvestigations).toBe(1);
  });

  it("keeps clicks on different URLs, and two people's clicks on the same URL", () => {
    const other: Visitor = { ip: "10.0.0.10", userAgent: BROWSER };
    const events = [
      use(stranger, "10:00:00"),
      use(stranger, "10:00:05", "request", FILE),
      use(other, "10:00:10"),
    ];
    expect(withoutDoubleClicks(events)).toHaveLength(3);
  });
});

describe("unique items: once per user-session", () => {
  it("counts the same user across a clock hour boundary as two sessions", () => {
    const events = [use(stranger, "10:59:00"), use(stranger, "11:01:00")];
    expect(countsOf(events)).toMatchObject({ totalInvestigations: 2, uniqueInvestigations: 2 });
  });

  it("counts a signed-in session once within its hour whatever the address it comes from", () => {
    const elsewhere: Visitor = { ...ana, ip: "192.168.1.1" };
    const events = [use(ana, "10:00:00"), use(elsewhere, "10:20:00"), use(ana, "10:40:00")];
    expect(countsOf(events)).toMatchObject({ totalInvestigations: 3, uniqueInvestigations: 1 });
  });

  it("identifies the user by account, then cookie, then IP address + user agent", () => {
    expect(userOf({ accountId: "ana", cookie: "c1", ip: "1.2.3.4", userAgent: BROWSER })).toBe("account:ana");
    expect(userOf({ cookie: "c1", ip: "1.2.3.4", userAgent: BROWSER })).toBe("cookie:c1");
    expect(userOf({ ip: "1.2.3.4", userAgent: BROWSER })).toBe(`ip:1.2.3.4 ua:${BROWSER}`);
    // Two browsers behind one address are two users; one browser with a cookie keeps being one.
    const withCookie: Visitor = { cookie: "c1", ip: "1.2.3.4", userAgent: BROWSER };
    const moved: Visitor = { cookie: "c1", ip: "5.6.7.8", userAgent: BROWSER };
    const events = [use(withCookie, "10:00:00"), use(moved, "10:00:10")];
    expect(countsOf(events)).toMatchObject({ totalInvestigations: 1, uniqueInvestigations: 1 });
    const phone: Visitor = {
      ip: "1.2.3.4",
      userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)",
    };
    const laptop: Visitor = { ip: "1.2.3.4", userAgent: BROWSER };
    expect(countsOf([use(phone, "10:00:00"), use(laptop, "10:00:10")])).toMatchObject({
      totalInvestigations: 2,
      uniqueInvestigations: 2,
    });
  });
});

describe("investigations and requests", () => {
  it("counts a download as a request and also as an investigation", () => {
    const events = [use(ana, "10:00:00"), use(ana, "10:00:10", "request", FILE)];
    expect(countsOf(events)).toEqual({
      totalInvestigations: 2,
      uniqueInvestigations: 1,
      totalRequests: 1,
      uniqueRequests: 1,
    });
  });

  it("counts a request alone (a direct link to the file) as one of each", () => {
    expect(countsOf([use(stranger, "10:00:00", "request", FILE)])).toEqual({
      totalInvestigations: 1,
      uniqueInvestigations: 1,
      totalRequests: 1,
      uniqueRequests: 1,
    });
  });
});

describe("robots", () => {
  it("knows crawlers from the kept list, and people's browsers from them", () => {
    expect(isRobot("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")).toBe(true);
    expect(isRobot("python-requests/2.31.0")).toBe(true);
    expect(isRobot("")).toBe(true);
    expect(isRobot(undefined)).toBe(true);
    expect(isRobot(BROWSER)).toBe(false);
  });
});

describe("the months a report covers", () => {
  it("is the current year so far and the 24 months before it", () => {
    const months = reportMonths(new Date("2026-03-15T12:00:00Z"));
    expect(months[0]).toBe("2024-01");
    expect(months.at(-1)).toBe("2026-03");
    expect(months).toHaveLength(27);
  });
});
