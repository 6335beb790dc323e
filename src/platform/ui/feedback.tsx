import type { ComponentChildren } from "preact";
import { translator } from "../i18n";
import { fieldErrorText, type FormState } from "./form-state";
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
