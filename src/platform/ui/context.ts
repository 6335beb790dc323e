import type { Locale } from "../i18n";

export interface Viewer {
  id: string;
  name: string;
  email: string;
  systemRole: "user" | "admin" | "researcher";
  /** What waits for the person, counted in every page's header (when the app supplies counts). */
  counts?: HeaderCounts;
}

/** Counts every signed-in page shows in its header; 0 shows nothing. */
export interface HeaderCounts {
  unreadNotifications: number;
  /** Requests to join the teams the person leads. */
  joinRequests: number;
}

export interface Flash {
  kind: "success" | "info" | "warning" | "error";
  text: string;
}

/** What every page needs to know about the request it answers. */
export interface PageContext {
  locale: Locale;
  /** Path and query of this page, to come back to after switching language or signing in. */
  path: string;
  viewer: Viewer | null;
  csrfToken: string;
  flash: Flash[];
  /**
   * Drawn once for every signed-in person shown the same figures (`reply.sharedPage`): the
   * layout leaves the header as a slot filled for each viewer.
   */
  shared?: boolean;
}

export interface Crumb {
  label: string;
  href?: string;
}
