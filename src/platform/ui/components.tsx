import type { ComponentChildren } from "preact";
import type { FieldError, FieldErrors, FormValues } from "../http/forms";
import { type Locale, translator } from "../i18n";
import { shellCatalog } from "./messages";

export function Alert(props: {
  kind: "info" | "success" | "warning" | "error";
  heading?: string;
  headingLevel?: 2 | 3;
  children: ComponentChildren;
  slim?: boolean;
}) {
  const Heading = props.headingLevel === 3 ? "h3" : "h2";
  return (
    <div
      class={`usa-alert usa-alert--${props.kind}${props.slim ? " usa-alert--slim" : ""}`}
      role={props.kind === "error" ? "alert" : "status"}
    >
      <div class="usa-alert__body">
        {props.heading ? <Heading class="usa-alert__heading">{props.heading}</Heading> : null}
        <div class="usa-alert__text">{props.children}</div>
      </div>
    </div>
  );
}

export function fieldErrorText(locale: Locale, label: string, error: FieldError): string {
  if ("message" in error) return error.message;
  const t = translator(shellCatalog, locale);
  const params = { label, min: error.min ?? "", max: error.max ?? "" };
  switch (error.code) {
    case "required":
      return t("fieldRequired", params);
    case "choice":
      return t("fieldChoose", params);
    case "tooShort":
      return t("fieldTooShort", params);
    case "tooLong":
      return t("fieldTooLong", params);
    case "number":
      return t("fieldNumber", params);
    default:
      return t("fieldInvalid", params);
  }
}

/** Everything a form's fields share: the language, what was typed, what is wrong. */
export interface FormState {
  locale: Locale;
  values?: FormValues;
  errors?: FieldErrors;
  /** Field name → label, so the summary links read like the labels. */
  labels?: Record<string, string>;
}

/**
 * The summary at the top of a failed form: announced, focusable, and linking to each field.
 */
export function ErrorSummary({ state }: { state: FormState }) {
  const errors = state.errors ?? {};
  const names = Object.keys(errors);
  if (names.length === 0) return null;
  const t = translator(shellCatalog, state.locale);
  return (
    <div class="usa-alert usa-alert--error margin-bottom-3" role="alert" tabIndex={-1} id="error-summary">
      <div class="usa-alert__body">
        <h2 class="usa-alert__heading">{t("errorSummaryTitle")}</h2>
        <p class="usa-alert__text">{t("errorSummaryBody")}</p>
        <ul class="usa-list">
          {names.map((name) => (
            <li>
              <a href={`#field-${name}`}>
                {fieldErrorText(state.locale, state.labels?.[name] ?? name, errors[name]!)}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

export function Form(props: {
  action: string;
  csrfToken: string;
  method?: "post" | "get";
  children: ComponentChildren;
  class?: string;
  enctype?: string;
  id?: string;
}) {
  const method = props.method ?? "post";
  return (
    <form
      method={method}
      action={props.action}
      class={`usa-form usa-form--large ${props.class ?? ""}`}
      enctype={props.enctype}
      id={props.id}
      noValidate
    >
      {method === "post" ? <input type="hidden" name="_csrf" value={props.csrfToken} /> : null}
      {props.children}
    </form>
  );
}

interface FieldProps {
  state: FormState;
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
}

function fieldValue(state: FormState, name: string): string {
  const v = state.values?.[name];
  return Array.isArray(v) ? (v[0] ?? "") : (v ?? "");
}

function FieldFrame(props: FieldProps & { children: ComponentChildren; legend?: boolean }) {
  const error = props.state.errors?.[props.name];
  const t = translator(shellCatalog, props.state.locale);
  const marker = props.required ? null : <span class="usa-hint"> {t("optional")}</span>;
  const errorText = error ? fieldErrorText(props.state.locale, props.label, error) : null;
  if (props.legend) {
    return (
      <div class={`usa-form-group${error ? " usa-form-group--error" : ""}`}>
        <fieldset class="usa-fieldset" id={`field-${props.name}`} tabIndex={-1}>
          <legend class="usa-legend">
            {props.label}
            {marker}
          </legend>
          {props.hint ? <div class="usa-hint" id={`${props.name}-hint`}>{props.hint}</div> : null}
          {errorText ? (
            <span class="usa-error-message" id={`${props.name}-error`} role="alert">
              {errorText}
            </span>
          ) : null}
          {props.children}
        </fieldset>
      </div>
    );
  }
  return (
    <div class={`usa-form-group${error ? " usa-form-group--error" : ""}`}>
      <label class={`usa-label${error ? " usa-label--error" : ""}`} for={`field-${props.name}`}>
        {props.label}
        {marker}
      </label>
      {props.hint ? (
        <div class="usa-hint" id={`${props.name}-hint`}>
          {props.hint}
        </div>
      ) : null}
      {errorText ? (
        <span class="usa-error-message" id={`${props.name}-error`} role="alert">
          {errorText}
        </span>
      ) : null}
      {props.children}
    </div>
  );
}

function describedBy(props: FieldProps): string | undefined {
  const ids = [props.hint ? `${props.name}-hint` : "", props.state.errors?.[props.name] ? `${props.name}-error` : ""]
    .filter(Boolean)
    .join(" ");
  return ids || undefined;
}

export function TextField(
  props: FieldProps & {
    type?: "text" | "email" | "password" | "search" | "number" | "date" | "tel" | "url" | "datetime-local";
    autocomplete?: string;
    inputmode?: string;
    maxLength?: number;
    /** Never echo a password back into the page. */
    keepValue?: boolean;
    width?: "small" | "medium" | "large";
  },
) {
  const error = props.state.errors?.[props.name];
  const keep = props.keepValue ?? props.type !== "password";
  return (
    <FieldFrame {...props}>
      <input
        class={`usa-input${error ? " usa-input--error" : ""}${props.width ? ` usa-input--${props.width}` : ""}`}
        id={`field-${props.name}`}
        name={props.name}
        type={(props.type ?? "text") as "text"}
        value={keep ? fieldValue(props.state, props.name) : ""}
        autocomplete={props.autocomplete}
        inputMode={props.inputmode as never}
        maxLength={props.maxLength}
        required={props.required}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(props)}
      />
    </FieldFrame>
  );
}

export function TextArea(props: FieldProps & { rows?: number; maxLength?: number }) {
  const error = props.state.errors?.[props.name];
  return (
    <FieldFrame {...props}>
      <textarea
        class={`usa-textarea${error ? " usa-input--error" : ""}`}
        id={`field-${props.name}`}
        name={props.name}
        rows={props.rows ?? 5}
        maxLength={props.maxLength}
        required={props.required}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(props)}
      >
        {fieldValue(props.state, props.name)}
      </textarea>
    </FieldFrame>
  );
}

export interface Choice {
  value: string;
  label: string;
}

export function SelectField(props: FieldProps & { choices: Choice[]; placeholder?: string }) {
  const error = props.state.errors?.[props.name];
  const current = fieldValue(props.state, props.name);
  return (
    <FieldFrame {...props}>
      <select
        class={`usa-select${error ? " usa-input--error" : ""}`}
        id={`field-${props.name}`}
        name={props.name}
        required={props.required}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy(props)}
      >
        <option value="">{props.placeholder ?? "- Select -"}</option>
        {props.choices.map((c) => (
          <option value={c.value} selected={c.value === current}>
            {c.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}

export function RadioGroup(props: FieldProps & { choices: Choice[]; tile?: boolean }) {
  const current = fieldValue(props.state, props.name);
  return (
    <FieldFrame {...props} legend>
      {props.choices.map((c, i) => (
        <div class="usa-radio">
          <input
            class={`usa-radio__input${props.tile ? " usa-radio__input--tile" : ""}`}
            id={`${props.name}-${i}`}
            type="radio"
            name={props.name}
            value={c.value}
            checked={c.value === current}
            aria-describedby={describedBy(props)}
          />
          <label class="usa-radio__label" for={`${props.name}-${i}`}>
            {c.label}
          </label>
        </div>
      ))}
    </FieldFrame>
  );
}

export function CheckboxGroup(props: FieldProps & { choices: Choice[] }) {
  const raw = props.state.values?.[props.name];
  const current = new Set(Array.isArray(raw) ? raw : raw ? [raw] : []);
  return (
    <FieldFrame {...props} legend>
      {props.choices.map((c, i) => (
        <div class="usa-checkbox">
          <input
            class="usa-checkbox__input"
            id={`${props.name}-${i}`}
            type="checkbox"
            name={props.name}
            value={c.value}
            checked={current.has(c.value)}
          />
          <label class="usa-checkbox__label" for={`${props.name}-${i}`}>
            {c.label}
          </label>
        </div>
      ))}
    </FieldFrame>
  );
}

export function Button(props: {
  children: ComponentChildren;
  variant?: "secondary" | "outline" | "unstyled" | "base";
  type?: "submit" | "button";
  name?: string;
  value?: string;
}) {
  return (
    <button
      type={props.type ?? "submit"}
      class={`usa-button${props.variant ? ` usa-button--${props.variant}` : ""}`}
      name={props.name}
      value={props.value}
    >
      {props.children}
    </button>
  );
}

/** A small form with one button, for actions such as approve, remove or revoke. */
export function ActionButton(props: {
  action: string;
  csrfToken: string;
  label: string;
  variant?: "secondary" | "outline" | "unstyled";
  hidden?: Record<string, string>;
}) {
  return (
    <form method="post" action={props.action} class="smh-inline-form">
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      {Object.entries(props.hidden ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <button type="submit" class={`usa-button${props.variant ? ` usa-button--${props.variant}` : ""}`}>
        {props.label}
      </button>
    </form>
  );
}

export function Table(props: {
  caption: string;
  headers: string[];
  rows: ComponentChildren[][];
  captionHidden?: boolean;
  stacked?: boolean;
}) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
    <div class="usa-table-container--scrollable" tabIndex={0}>
      <table class={`usa-table usa-table--borderless${props.stacked ? " usa-table--stacked" : ""}`}>
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
    </div>
  );
}

export function Pagination(props: { locale: Locale; page: number; pages: number; hrefFor: (page: number) => string }) {
  if (props.pages <= 1) return null;
  const t = translator(shellCatalog, props.locale);
  return (
    <nav aria-label={t("paginationLabel")} class="usa-pagination">
      <ul class="usa-pagination__list">
        {props.page > 1 ? (
          <li class="usa-pagination__item usa-pagination__arrow">
            <a href={props.hrefFor(props.page - 1)} class="usa-pagination__link usa-pagination__previous-page">
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
