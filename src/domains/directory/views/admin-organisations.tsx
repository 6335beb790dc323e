import { stateName } from "../../../platform/geo/states";
import type { FieldErrors } from "../../../platform/http/forms";
import {
  Button,
  ErrorSummary,
  Form,
  type FormState,
  Pagination,
  SelectField,
  Table,
  TextArea,
  TextField,
} from "../../../platform/ui/components";
import type { PageContext } from "../../../platform/ui/context";
import { Layout } from "../../../platform/ui/layout";
import { ADMIN_KINDS } from "../contracts";
import { describeLocale, GRADES, gradeLabel, kindLabel, LOCALE_CODES } from "../labels";
import { ORG_KINDS } from "../schema";
import type { Organisation, Paged } from "../service";
import { DemoTag, orgHref, stateChoices, tr, type T, withQuery } from "./common";

const adminCrumbs = (t: T, last: string, middle?: { label: string; href: string }) => [
  { label: t("home"), href: "/" },
  { label: t("admin"), href: "/admin" },
  ...(middle ? [middle] : []),
  { label: last },
];

export function AdminOrganisationList(props: {
  ctx: PageContext;
  result: Paged<Organisation>;
  filters: { q?: string; kind?: string; state?: string };
  /** Filters that could not be used, each shown beside its field. */
  errors?: FieldErrors;
}) {
  const { ctx, result, filters, errors } = props;
  const t = tr(ctx);
  const state: FormState = {
    locale: ctx.locale,
    values: { q: filters.q ?? "", kind: filters.kind ?? "", state: filters.state ?? "" },
    errors,
  };
  const pages = Math.max(1, Math.ceil(result.total / result.perPage));
  return (
    <Layout ctx={ctx} title={t("adminOrgsTitle")} breadcrumbs={adminCrumbs(t, t("adminOrgsTitle"))}>
      <h1>{t("adminOrgsTitle")}</h1>
      <p class="usa-intro">{t("adminOrgsIntro")}</p>
      <p>
        <a class="usa-button" href="/admin/organisations/new">
          {t("adminNewOrg")}
        </a>
        <a class="usa-button usa-button--outline" href="/admin/imports">
          {t("adminImportsLink")}
        </a>
      </p>
      <Form action="/admin/organisations" method="get">
        <TextField state={state} name="q" label={t("searchLabel")} type="search" maxLength={100} />
        <SelectField
          state={state}
          name="kind"
          label={t("fieldKind")}
          placeholder={t("anyKind")}
          choices={ORG_KINDS.map((k) => ({ value: k, label: kindLabel(k, ctx.locale) }))}
        />
        <SelectField
          state={state}
          name="state"
          label={t("fieldState")}
          placeholder={t("anyState")}
          choices={stateChoices()}
        />
        <Button>{t("adminFilter")}</Button>
      </Form>
      <p aria-live="polite">{t("orgsCount", { count: result.total })}</p>
      <Table
        caption={t("adminOrgsCaption", { page: result.page })}
        headers={[t("colName"), t("colKind"), t("colState"), t("colNcesId"), t("edit")]}
        rows={result.items.map((o) => [
          <>
            <a href={orgHref(o)}>{o.name}</a>
            <DemoTag org={o} t={t} />
          </>,
          kindLabel(o.kind, ctx.locale),
          stateName(o.stateCode),
          o.ncesId ?? "",
          o.kind === "nation" ? (
            ""
          ) : (
            <a href={`/admin/organisations/${o.id}/edit`}>
              {t("edit")}
              <span class="usa-sr-only"> {o.name}</span>
            </a>
          ),
        ])}
      />
      <Pagination
        locale={ctx.locale}
        page={result.page}
        pages={pages}
        hrefFor={(p) => withQuery("/admin/organisations", { ...filters, page: p })}
      />
    </Layout>
  );
}

export function organisationLabels(t: T): Record<string, string> {
  return {
    kind: t("fieldKind"),
    name: t("fieldName"),
    parentId: t("fieldParent"),
    stateCode: t("fieldState"),
    ncesId: t("fieldNces"),
    address: t("fieldAddress"),
    city: t("fieldCity"),
    zip: t("fieldZip"),
    gradeLow: t("fieldGradeLow"),
    gradeHigh: t("fieldGradeHigh"),
    locale: t("fieldLocale"),
    enrollment: t("fieldEnrollment"),
    website: t("fieldWebsite"),
    description: t("fieldDescription"),
  };
}

/** Create and edit share one form; states and the nation only show their details. */
export function OrganisationForm(props: { ctx: PageContext; state: FormState; existing?: Organisation }) {
  const { ctx, existing } = props;
  const t = tr(ctx);
  const state: FormState = { ...props.state, labels: organisationLabels(t) };
  const locked = existing && (existing.kind === "state" || existing.kind === "nation");
  const title = existing ? t("editOrgTitle", { name: existing.name }) : t("newOrgTitle");
  const grades = GRADES.map((g) => ({ value: g, label: `${gradeLabel(g, ctx.locale)} (${g})` }));
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={adminCrumbs(t, title, { label: t("adminOrgsTitle"), href: "/admin/organisations" })}
    >
      <h1>{title}</h1>
      <ErrorSummary state={state} />
      {locked ? <p>{t("lockedNote")}</p> : null}
      <Form
        action={existing ? `/admin/organisations/${existing.id}` : "/admin/organisations"}
        csrfToken={ctx.csrfToken}
      >
        {locked ? null : (
          <SelectField
            state={state}
            name="kind"
            label={t("fieldKind")}
            required
            placeholder={t("choose")}
            choices={ADMIN_KINDS.map((k) => ({ value: k, label: kindLabel(k, ctx.locale) }))}
          />
        )}
        <TextField state={state} name="name" label={t("fieldName")} required maxLength={200} />
        {locked ? null : (
          <>
            <TextField
              state={state}
              name="parentId"
              label={t("fieldParent")}
              hint={t("fieldParentHint")}
              maxLength={36}
            />
            <SelectField
              state={state}
              name="stateCode"
              label={t("fieldState")}
              placeholder={t("choose")}
              choices={stateChoices()}
            />
            <TextField
              state={state}
              name="ncesId"
              label={t("fieldNces")}
              hint={t("fieldNcesHint")}
              inputmode="numeric"
              maxLength={12}
              width="medium"
            />
          </>
        )}
        <TextField
          state={state}
          name="address"
          label={t("fieldAddress")}
          maxLength={200}
          autocomplete="street-address"
        />
        <TextField state={state} name="city" label={t("fieldCity")} maxLength={100} />
        <TextField
          state={state}
          name="zip"
          label={t("fieldZip")}
          maxLength={10}
          inputmode="numeric"
          width="small"
        />
        {locked ? null : (
          <>
            <SelectField
              state={state}
              name="gradeLow"
              label={t("fieldGradeLow")}
              placeholder={t("choose")}
              choices={grades}
            />
            <SelectField
              state={state}
              name="gradeHigh"
              label={t("fieldGradeHigh")}
              placeholder={t("choose")}
              choices={grades}
            />
            <SelectField
              state={state}
              name="locale"
              label={t("fieldLocale")}
              placeholder={t("choose")}
              choices={LOCALE_CODES.map((c) => ({
                value: c,
                label: `${describeLocale(c, ctx.locale)} (${c})`,
              }))}
            />
            <TextField
              state={state}
              name="enrollment"
              label={t("fieldEnrollment")}
              inputmode="numeric"
              maxLength={6}
              width="small"
            />
          </>
        )}
        <TextField
          state={state}
          name="website"
          label={t("fieldWebsite")}
          hint={t("fieldWebsiteHint")}
          type="url"
          maxLength={500}
        />
        <TextArea state={state} name="description" label={t("fieldDescription")} maxLength={2000} rows={4} />
        <Button>{t("saveOrg")}</Button>
      </Form>
    </Layout>
  );
}
