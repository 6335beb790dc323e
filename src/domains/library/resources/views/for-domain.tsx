import type { Locale } from "../../../../platform/i18n";
import { labelOf, resourceHref, tFor } from "./shared";

/** A quality domain's published resources, for the measures' guidance page (`resourcesForDomain`). */
export function ResourcesForDomain(props: {
  locale: Locale;
  domainKey: string;
  items: { slug: string; title: string; type: string; language: string }[];
  headingLevel?: 2 | 3;
}) {
  const t = tFor(props);
  const Heading = props.headingLevel === 3 ? "h3" : "h2";
  const domain = labelOf(t, "domain", props.domainKey);
  return (
    <section aria-labelledby={`library-${props.domainKey}`}>
      <Heading id={`library-${props.domainKey}`}>{t("forDomainHeading")}</Heading>
      {props.items.length === 0 ? <p>{t("forDomainNone")}</p> : null}
      <ul class="usa-list">
        {props.items.map((r) => (
          <li>
            <a href={resourceHref(r.slug)} lang={r.language === props.locale ? undefined : r.language}>
              {r.title}
            </a>{" "}
            ({labelOf(t, "type", r.type)})
          </li>
        ))}
      </ul>
      <p>
        <a href={libraryDomainHref(props.domainKey)}>{t("forDomainMore", { domain })}</a>
      </p>
    </section>
  );
}

/** The library filtered to one quality domain. */
export const libraryDomainHref = (domainKey: string) => `/library?domain=${encodeURIComponent(domainKey)}`;

/** The link a report's priority area shows: "Resources for this domain" in the library. */
export function LibraryLinkForDomain({ locale, domainKey }: { locale: Locale; domainKey: string }) {
  return <a href={libraryDomainHref(domainKey)}>{tFor({ locale })("forDomainHeading")}</a>;
}
