import type { FieldErrors } from "../../../platform/http/forms";
import { STATES } from "../../../platform/geo/states";
import { type Translate, translator } from "../../../platform/i18n";
import { Button, type Choice, Form, SelectField, TextField } from "../../../platform/ui/components";
import type { PageContext } from "../../../platform/ui/context";
import { directoryCatalog } from "../messages";
import type { Organisation } from "../service";

export type T = Translate<(typeof directoryCatalog)["en"]>;
export const tr = (ctx: PageContext): T => translator(directoryCatalog, ctx.locale);

/** A path with its query, leaving out empty values. */
export function withQuery(path: string, params: Record<string, string | number | undefined | null>): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== "") query.set(k, String(v));
  const s = query.toString();
  return s ? `${path}?${s}` : path;
}

export const stateChoices = (): Choice[] =>
  STATES.map((s) => ({ value: s.code, label: `${s.name} (${s.code})` }));

export function DemoTag({ org, t }: { org: Pick<Organisation, "isDemo">; t: T }) {
  return org.isDemo ? (
    <span class="usa-tag margin-left-1" title={t("demoNote")}>
      {t("demoTag")}
    </span>
  ) : null;
}

export function orgHref(org: Pick<Organisation, "id" | "kind" | "stateCode">): string {
  return org.kind === "state" && org.stateCode
    ? `/directory/states/${org.stateCode}`
    : `/organisations/${org.id}`;
}

/** The school search form (GET), used on the directory front page and the results page. */
export function SchoolSearchForm(props: {
  ctx: PageContext;
  q?: string;
  state?: string;
  errors?: FieldErrors;
}) {
  const t = tr(props.ctx);
  const state = {
    locale: props.ctx.locale,
    values: { q: props.q ?? "", state: props.state ?? "" },
    errors: props.errors,
  };
  return (
    <Form action="/directory/schools" method="get" class="margin-bottom-4">
      <TextField
        state={state}
        name="q"
        label={t("searchLabel")}
        hint={t("searchHint")}
        type="search"
        maxLength={100}
      />
      <SelectField
        state={state}
        name="state"
        label={t("stateLabel")}
        choices={stateChoices()}
        placeholder={t("anyState")}
      />
      <Button>{t("findSchool")}</Button>
    </Form>
  );
}
