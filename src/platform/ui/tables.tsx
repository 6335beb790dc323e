import type { ComponentChildren } from "preact";
import { type Locale, translator } from "../i18n";
import { shellCatalog } from "./messages";

/**
 * A captioned table; the first cell of each row is its row header. Wide tables scroll sideways
 * in a focusable region; `stackedOnly` tables stack on narrow screens instead and so add no tab
 * stop (for pages with many tables, like the API reference).
 */
export function Table(props: {
  caption: string;
  headers: string[];
  rows: ComponentChildren[][];
  captionHidden?: boolean;
  stacked?: boolean;
  stackedOnly?: boolean;
}) {
  const table = (
    <table
      class={`usa-table usa-table--borderless${props.stacked || props.stackedOnly ? " usa-table--stacked" : ""}${props.stackedOnly ? " width-full" : ""}`}
    >
      <caption class={props.captionHidden ? "usa-sr-only" : undefined}>{props.caption}</caption>
      <thead>
        <tr>
          {props.headers.map((h) => (
            <th scope="col">{h}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr>
            {row.map((cell, i) =>
              i === 0 ? (
                <th scope="row" data-label={props.headers[i]}>
                  {cell}
                </th>
              ) : (
                <td data-label={props.headers[i]}>{cell}</td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
  if (props.stackedOnly) return table;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
    <div class="usa-table-container--scrollable" tabIndex={0}>
      {table}
    </div>
  );
}

/** Previous / "page N of M" / next; nothing when everything fits on one page. */
export function Pagination(props: {
  locale: Locale;
  page: number;
  pages: number;
  hrefFor: (page: number) => string;
}) {
  if (props.pages <= 1) return null;
  const t = translator(shellCatalog, props.locale);
  return (
    <nav aria-label={t("paginationLabel")} class="usa-pagination">
      <ul class="usa-pagination__list">
        {props.page > 1 ? (
          <li class="usa-pagination__item usa-pagination__arrow">
            <a
              href={props.hrefFor(props.page - 1)}
              class="usa-pagination__link usa-pagination__previous-page"
            >
              <span class="usa-pagination__link-text">{t("previous")}</span>
            </a>
          </li>
        ) : null}
        <li class="usa-pagination__item usa-pagination__page-no">
          <span class="usa-pagination__button usa-current" aria-current="page">
            {t("pageOf", { page: props.page, pages: props.pages })}
          </span>
        </li>
        {props.page < props.pages ? (
          <li class="usa-pagination__item usa-pagination__arrow">
            <a href={props.hrefFor(props.page + 1)} class="usa-pagination__link usa-pagination__next-page">
              <span class="usa-pagination__link-text">{t("next")}</span>
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
