import type { Locale } from "../i18n";

export interface Viewer {
  id: string;
  name: string;
  email: string;
  systemRole: "user" | "admin" | "researcher";
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
}

export interface Crumb {
  label: string;
  href?: string;
}
