import { type Locale, translator } from "../../../../platform/i18n";
import type { Crumb } from "../../../../platform/ui/context";
import { networksCatalog } from "../messages";
import type { MeasureRow } from "../repo";
import { type NetworkForViewer, networkName } from "../service";

export const tr = (locale: Locale) => translator(networksCatalog, locale);

export const networkHref = (view: NetworkForViewer) => `/networks/${encodeURIComponent(view.network.slug)}`;

/** Home → Improvement networks → the network (→ the page). */
export function networkCrumbs(view: NetworkForViewer, locale: Locale, page?: string): Crumb[] {
  const t = tr(locale);
  const crumbs: Crumb[] = [
    { label: t("home"), href: "/" },
    { label: t("networks"), href: "/networks" },
    { label: networkName(view.network, locale), href: page ? networkHref(view) : undefined },
  ];
  if (page) crumbs.push({ label: page });
  return crumbs;
}

/** "Proportion, monthly" / "Rate per 100, weekly". */
export function measureKind(m: MeasureRow, locale: Locale): string {
  const t = tr(locale);
  const unit = m.type === "rate" && m.rateUnit ? ` ${t("perUnit", { unit: m.rateUnit })}` : "";
  return `${t(`type_${m.type}`)}${unit}, ${t(`period_${m.period}`).toLowerCase()}`;
}

/** The links every page of a network shows, by what the viewer may do there. */
export function NetworkNav(props: { view: NetworkForViewer; locale: Locale; mayLead: boolean }) {
  const t = tr(props.locale);
  const base = networkHref(props.view);
  return (
    <ul class="usa-list usa-list--unstyled display-flex flex-wrap margin-bottom-2">
      <li class="margin-right-1 margin-bottom-1">
        <a class="usa-button usa-button--outline" href={base}>
          {t("dashboard")}
        </a>
      </li>
      <li class="margin-right-1 margin-bottom-1">
        <a class="usa-button usa-button--outline" href={`${base}/change-package`}>
          {t("changePackage")}
        </a>
      </li>
      {props.view.ownTeamIds.map((teamId) => (
        <li class="margin-right-1 margin-bottom-1">
          <a class="usa-button usa-button--outline" href={`${base}/teams/${teamId}/report`}>
            {t("reportLink")}
          </a>
        </li>
      ))}
      {props.mayLead ? (
        <li class="margin-right-1 margin-bottom-1">
          <a class="usa-button usa-button--outline" href={`${base}/manage`}>
            {t("manage")}
          </a>
        </li>
      ) : null}
    </ul>
  );
}
