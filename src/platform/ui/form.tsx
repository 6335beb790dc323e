import type { ComponentChildren } from "preact";

/**
 * A GET form takes no CSRF token: it changes nothing, and a page that reads the token cannot be
 * shared by signed-out visitors (the page cache keeps only pages that never asked for it).
 */
type FormMethod = { method: "get"; csrfToken?: undefined } | { method?: "post"; csrfToken: string };

/** A form; a POST form carries the hidden CSRF token every POST is checked against. */
export function Form(
  props: {
    action: string;
    children: ComponentChildren;
    class?: string;
    enctype?: string;
    id?: string;
  } & FormMethod,
) {
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

type ButtonVariant = "secondary" | "outline" | "unstyled" | "base";

const buttonClass = (variant?: ButtonVariant) => `usa-button${variant ? ` usa-button--${variant}` : ""}`;

export function Button(props: {
  children: ComponentChildren;
  variant?: ButtonVariant;
  type?: "submit" | "button";
  name?: string;
  value?: string;
}) {
  return (
    <button
      type={props.type ?? "submit"}
      class={buttonClass(props.variant)}
      name={props.name}
      value={props.value}
    >
      {props.children}
    </button>
  );
}

/**
 * A small form with one button, for actions such as approve, remove or revoke. In a table row,
 * `context` names the row for screen readers ("Approve: Ana Ruiz").
 */
export function ActionButton(props: {
  action: string;
  csrfToken: string;
  label: string;
  context?: string;
  variant?: Exclude<ButtonVariant, "base">;
  hidden?: Record<string, string>;
}) {
  return (
    <form method="post" action={props.action} class="smh-inline-form">
      <input type="hidden" name="_csrf" value={props.csrfToken} />
      {Object.entries(props.hidden ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <button type="submit" class={buttonClass(props.variant)}>
        {props.label}
        {props.context ? <span class="usa-sr-only">: {props.context}</span> : null}
      </button>
    </form>
  );
}
