import { translator } from "../../../../platform/i18n";
import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import { siteCatalog } from "../../messages";
import { homeCatalog } from "../messages";

/**
 * What the platform does. A card links only to what exists; the parts still being built say
 * so and are not links, so no card promises a page that is not there.
 */
const CARDS = [
  { key: "measure", href: "/measures" },
  { key: "connect", href: "/communities" },
  { key: "improve", href: "/improvement" },
  { key: "share", href: "/events" },
] as const;

export function PublicHome({ ctx }: { ctx: PageContext }) {
  const t = translator(siteCatalog, ctx.locale);
  const h = translator(homeCatalog, ctx.locale);
  return (
    <Layout ctx={ctx} title={t("homeTitle")}>
      <section class="usa-section padding-top-4">
        <h1>{t("homeHeading")}</h1>
        <p class="usa-intro">{t("homeIntro")}</p>
        <p>
          <a class="usa-button" href="/register">
            {t("homeJoin")}
          </a>
          <a class="usa-button usa-button--outline" href="/sign-in">
            {t("homeSignIn")}
          </a>
        </p>
      </section>
      <h2>{t("homeWhatHeading")}</h2>
      <ul class="usa-card-group">
        {CARDS.map(({ key, href }) => (
          <li class="usa-card tablet:grid-col-6 desktop:grid-col-3">
            <div class="usa-card__container">
              <div class="usa-card__header">
                <h3 class="usa-card__heading">
                  {href ? <a href={href}>{t(`${key}Title`)}</a> : t(`${key}Title`)}
                </h3>
              </div>
              <div class="usa-card__body">
                {href ? null : (
                  <p>
                    <span class="usa-tag">{h("coming")}</span>
                  </p>
                )}
                <p>{t(`${key}Body`)}</p>
                {href ? null : <p class="text-base">{h("comingNote")}</p>}
              </div>
            </div>
          </li>
        ))}
      </ul>
      <h2>{t("homeWhoHeading")}</h2>
      <p>{t("homeWho")}</p>
      <p>
        <a href="/practice-groups">{t("homeSeeGroups")}</a>
      </p>
    </Layout>
  );
}
