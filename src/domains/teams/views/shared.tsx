import type { Locale } from "../../../platform/i18n";
import { translator } from "../../../platform/i18n";
import type { Crumb } from "../../../platform/ui/context";
import { stakeholderCatalog, teamsCatalog } from "../messages";
import type { TeamRole } from "../schema";
import { dateTimeFormat } from "../../../platform/i18n/formats";

export function formatDate(locale: Locale, date: Date): string {
  return dateTimeFormat(locale, { dateStyle: "medium" }).format(date);
}

export function teamRoleLabel(locale: Locale, role: TeamRole): string {
  return translator(teamsCatalog, locale)(role === "lead" ? "roleLead" : "roleMember");
}

export function stakeholderLabel(locale: Locale, role: string): string {
  const t = translator(stakeholderCatalog, locale);
  return t(role as keyof typeof stakeholderCatalog.en);
}

export function teamCrumbs(locale: Locale, org: { id: string; name: string }, last?: string): Crumb[] {
  const t = translator(teamsCatalog, locale);
  const crumbs: Crumb[] = [
    { label: t("home"), href: "/" },
    { label: t("directory"), href: "/directory" },
    { label: org.name, href: `/organisations/${org.id}` },
  ];
  if (last)
    crumbs.push(
      { label: t("teamTitle", { name: org.name }), href: `/organisations/${org.id}/team` },
      { label: last },
    );
  else crumbs.push({ label: t("teamTitle", { name: org.name }) });
  return crumbs;
}

/** Text a person typed, with their line breaks kept (no inline styles: the CSP forbids them). */
export function MultiLineText({ text }: { text: string }) {
  const lines = text.split(/\r?\n/);
  return (
    <>
      {lines.map((line, i) => (
        <>
          {i > 0 ? <br /> : null}
          {line}
        </>
      ))}
    </>
  );
}
