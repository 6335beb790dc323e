import { isbot } from "isbot";

/*
 * Counting use the way COUNTER Release 5 does, as plain functions with no I/O: the rules the
 * roll-up's SQL (repo.ts) follows, tested with hand-worked sequences (counting.test.ts) and
 * against the SQL on both databases (recording.test.ts).
 *
 * - Investigation: someone viewed an item's page (its description, its metadata). Request:
 *   someone got its content (a download, the full text opened). Every request is also an
 *   investigation.
 * - Double click: the same user on the same URL within 30 seconds counts once, the last click
 *   being the one kept.
 * - Unique item: an item counts once per user-session, a session being the session id or,
 *   without one, the user, within one clock hour of one day.
 * - Robots and crawlers are not counted at all.
 */

export const USAGE_KINDS = ["investigation", "request"] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];

/** Two clicks of one user on one URL this close (or closer) are one click. */
export const DOUBLE_CLICK_MS = 30_000;

/** One successful use of an item, as recorded (identities already keyed, never raw). */
export interface UsageEvent {
  at: Date;
  resourceId: string;
  kind: UsageKind;
  /** The URL used (path only), the unit of the double-click filter. */
  target: string;
  /** Who: the account, else the session cookie, else the IP address with the user agent. */
  user: string;
  /** The user-session: the session id (else the user) and the clock hour of the use. */
  session: string;
}

export interface ItemCounts {
  totalInvestigations: number;
  uniqueInvestigations: number;
  totalRequests: number;
  uniqueRequests: number;
}

export const NO_USE: ItemCounts = Object.freeze({
  totalInvestigations: 0,
  uniqueInvestigations: 0,
  totalRequests: 0,
  uniqueRequests: 0,
});

/** What the request tells about who is reading (nothing of it is stored as it is). */
export interface Visitor {
  accountId?: string | null;
  /** The signed-in session's id, when there is one. */
  sessionId?: string | null;
  /** A cookie the site set in this browser, for a visitor who is not signed in. */
  cookie?: string | null;
  ip: string;
  userAgent: string;
}

/** A known robot, crawler or link checker (the maintained `isbot` list); an empty agent too. */
export function isRobot(userAgent: string | undefined): boolean {
  if (!userAgent || userAgent.trim() === "") return true;
  return isbot(userAgent);
}

/**
 * The user, by COUNTER's order of preference: the account, then the session cookie, then the
 * IP address with the user agent. The prefix keeps an account from ever matching a cookie.
 */
export function userOf(visitor: Visitor): string {
  if (visitor.accountId) return `account:${visitor.accountId}`;
  if (visitor.cookie) return `cookie:${visitor.cookie}`;
  return `ip:${visitor.ip} ua:${visitor.userAgent}`;
}

/** The clock hour of one day a use falls in (UTC), e.g. "2026-03-05T14". */
export const clockHourOf = (at: Date) => at.toISOString().slice(0, 13);

/**
 * The user-session: the session id where the visitor has one, else the user; both bounded by
 * the clock hour, so that what identifies a session can be dropped once its hour is over.
 */
export function sessionOf(visitor: Visitor, at: Date): string {
  const who = visitor.sessionId ? `session:${visitor.sessionId}` : userOf(visitor);
  return `${who} hour:${clockHourOf(at)}`;
}

/**
 * The events left once double clicks are filtered: of two uses of one URL by one user within
 * 30 seconds, only the later counts (so a run of clicks each within 30 s of the next is one).
 */
export function withoutDoubleClicks(events: readonly UsageEvent[]): UsageEvent[] {
  const ordered = events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.at.getTime() - b.event.at.getTime() || a.index - b.index);
  const nextOf = new Map<string, number>();
  const kept: { event: UsageEvent; index: number }[] = [];
  // Walk from the last: an event is kept unless the same user used the same URL soon after.
  for (let i = ordered.length - 1; i >= 0; i--) {
    const { event } = ordered[i]!;
    const key = `${event.user}\u0000${event.target}`;
    const next = nextOf.get(key);
    if (next === undefined || next - event.at.getTime() > DOUBLE_CLICK_MS) kept.push(ordered[i]!);
    nextOf.set(key, event.at.getTime());
  }
  return kept.reverse().map((k) => k.event);
}

/** The month a use is counted in, "YYYY-MM" (UTC). */
export const monthOf = (at: Date) => at.toISOString().slice(0, 7);

/**
 * COUNTER's four item metrics per item and month, from recorded events (double clicks are
 * filtered here; robots were never recorded). Keys: `${resourceId} ${month}`.
 */
export function countUsage(events: readonly UsageEvent[]): Map<string, ItemCounts> {
  const counts = new Map<string, ItemCounts>();
  const seen = new Set<string>();
  for (const event of withoutDoubleClicks(events)) {
    const key = `${event.resourceId} ${monthOf(event.at)}`;
    const c = counts.get(key) ?? { ...NO_USE };
    counts.set(key, c);
    // A request is also an investigation of the same item.
    c.totalInvestigations++;
    if (once(seen, `i ${event.resourceId} ${event.session}`)) c.uniqueInvestigations++;
    if (event.kind === "request") {
      c.totalRequests++;
      if (once(seen, `r ${event.resourceId} ${event.session}`)) c.uniqueRequests++;
    }
  }
  return counts;
}

function once(seen: Set<string>, key: string): boolean {
  if (seen.has(key)) return false;
  seen.add(key);
  return true;
}

/** Adds item counts (unique counts add up: each is per item and per session). */
export function addCounts(a: ItemCounts, b: ItemCounts): ItemCounts {
  return {
    totalInvestigations: a.totalInvestigations + b.totalInvestigations,
    uniqueInvestigations: a.uniqueInvestigations + b.uniqueInvestigations,
    totalRequests: a.totalRequests + b.totalRequests,
    uniqueRequests: a.uniqueRequests + b.uniqueRequests,
  };
}

/**
 * The months a report covers: the current year and the previous 24 months (COUNTER's rule),
 * oldest first, as "YYYY-MM".
 */
export function reportMonths(today: Date): string[] {
  const year = today.getUTCFullYear();
  const month = today.getUTCMonth(); // 0-based
  const months: string[] = [];
  // From 24 months before this January up to this month.
  for (let i = -24; i <= month; i++) {
    const d = new Date(Date.UTC(year, i, 1));
    months.push(d.toISOString().slice(0, 7));
  }
  return months;
}
