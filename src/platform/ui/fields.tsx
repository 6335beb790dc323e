import type { ComponentChildren } from "preact";
import { translator } from "../i18n";
import { fieldErrorText, type FormState } from "./form-state";
import { shellCatalog } from "./messages";

// Form fields: each one labelled (or a fieldset with a legend for a group of choices), its hint
// and error tied to the control with aria-describedby, and what was typed kept on a failed post.

interface FieldProps {
  state: FormState;
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
}

export interface Choice {
  value: string;
  label: string;
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
  const groupClass = `usa-form-group${error ? " usa-form-group--error" : ""}`;
  const hintErrorAndControl = (
    <>
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
    </>
  );
  if (props.legend) {
    return (
      <div class={groupClass}>
        <fieldset class="usa-fieldset" id={`field-${props.name}`} tabIndex={-1}>
          <legend class="usa-legend">
            {props.label}
            {marker}
          </legend>
          {hintErrorAndControl}
        </fieldset>
      </div>
    );
  }
  return (
    <div class={groupClass}>
      <label class={`usa-label${error ? " usa-label--error" : ""}`} for={`field-${props.name}`}>
        {props.label}
        {marker}
      </label>
      {hintErrorAndControl}
    </div>
  );
}

function describedBy(props: FieldProps): string | undefined {
  const ids = [
    props.hint ? `${props.name}-hint` : "",
    props.state.errors?.[props.name] ? `${props.name}-error` : "",
  ]
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
