import { type Locale, translator } from "../../../../platform/i18n";
import type { Crumb } from "../../../../platform/ui/context";
import type { Organisation } from "../../../directory/service";
import { plansCatalog } from "../messages";
import type { Project } from "../service";

export const tr = (locale: Locale) => translator(plansCatalog, locale);

export const teamHref = (orgId: string) => `/improvement/teams/${orgId}`;
export const projectHref = (projectId: string) => `/improvement/projects/${projectId}`;

/** Home → the team's plans → (the plan) → (the page). */
export function planCrumbs(
  locale: Locale,
  team: Pick<Organisation, "id" | "name">,
  project?: Pick<Project, "id" | "title">,
  here?: string,
): Crumb[] {
  const t = tr(locale);
  const crumbs: Crumb[] = [
    { label: t("home"), href: "/" },
    { label: t("teamPlansTitle", { team: team.name }), href: teamHref(team.id) },
  ];
  if (project) crumbs.push({ label: project.title, href: here ? projectHref(project.id) : undefined });
  if (here) crumbs.push({ label: here });
  return crumbs;
}

export const day = (d: Date | string | null | undefined) =>
  !d ? "—" : typeof d === "string" ? d : d.toISOString().slice(0, 10);

/** A small label beside a row (overdue, a stage). */
export function Tag(props: { children: string; warn?: boolean }) {
  return <span class={`usa-tag margin-left-1${props.warn ? " bg-secondary" : ""}`}>{props.children}</span>;
}
