import type { ComponentChildren } from "preact";

/**
 * A GET form that picks the school year a page shows (dashboards, census, the public national
 * dashboard): a labelled select and a submit button, with room for other filters between them.
 */
export function SchoolYearChoice(props: {
  action: string;
  years: string[];
  chosen: string;
  label: string;
  submitLabel: string;
  children?: ComponentChildren;
}) {
  return (
    <form method="get" action={props.action} class="usa-form margin-bottom-3">
      <label class="usa-label" for="year">
        {props.label}
      </label>
      <select class="usa-select" id="year" name="year">
        {props.years.map((y) => (
          <option value={y} selected={y === props.chosen}>
            {y}
          </option>
        ))}
      </select>
      {props.children}
      <button type="submit" class="usa-button margin-top-2">
        {props.submitLabel}
      </button>
    </form>
  );
}
