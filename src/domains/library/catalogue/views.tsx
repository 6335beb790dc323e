import type { ComponentChildren } from "preact";
import type { FieldErrors, FormValues } from "../../../platform/http/forms";
import type { Locale } from "../../../platform/i18n";
import { dateTimeFormat } from "../../../platform/i18n/formats";
import {
  Alert,
  Button,
  CheckboxGroup,
  ErrorSummary,
  Form,
  RadioGroup,
  SelectField,
  Table,
  TextArea,
  TextField,
} from "../../../platform/ui/components";
import type { PageContext } from "../../../platform/ui/context";
import type { FormState } from "../../../platform/ui/form-state";
import { Layout } from "../../../platform/ui/layout";
import { type CatalogueT, choice, tr } from "./messages";
import { COSTS, FOCUS_AREAS, LANGUAGES, LEVEL_KEYS, type MeasureRow, PURPOSES, REPORTERS } from "./schema";
import { levelsOf } from "./service";

export const CATALOGUE_PATH = "/library/measures";
export const measurePath = (slug: string) => `${CATALOGUE_PATH}/${encodeURIComponent(slug)}`;

const crumbs = (t: CatalogueT, ...rest: { label: string; href?: string }[]) => [
  { label: t("home"), href: "/" },
  ...(rest.length > 0
    ? [{ label: t("catalogue"), href: CATALOGUE_PATH }, ...rest]
    : [{ label: t("catalogue") }]),
];

/** A text in the reader's language; the English one, marked as English, when there is no Spanish. */
function Localised(props: { locale: Locale; en: string; es: string | null; t: CatalogueT }) {
  if (props.locale === "es" && props.es) return <>{props.es}</>;
  if (props.locale === "en") return <>{props.en}</>;
  return (
    <>
      <span lang="en">{props.en}</span> {props.t("inEnglish")}
    </>
  );
}
export const localisedText = (locale: Locale, en: string, es: string | null) =>
  locale === "es" && es ? es : en;

const list = (t: CatalogueT, kind: Parameters<typeof choice>[1], values: readonly string[]) =>
  values.map((v) => choice(t, kind, v)).join(", ");

/** Each fact of a measure, in the order the list, its page, the comparison and the CSV show them. */
export function measureFacts(t: CatalogueT, m: MeasureRow): { key: string; label: string; text: string }[] {
  const unknown = t("checkWithPublisher");
  return [
    { key: "focusAreas", label: t("fieldFocus"), text: list(t, "focus", m.focusAreas) },
    { key: "purposes", label: t("fieldPurposes"), text: list(t, "purpose", m.purposes) },
    { key: "ages", label: t("fieldAges"), text: t("agesRange", { min: m.ageMin, max: m.ageMax }) },
    { key: "levels", label: t("fieldLevels"), text: list(t, "level", levelsOf(m)) },
    { key: "reporters", label: t("fieldReporters"), text: list(t, "reporter", m.reporters) },
    { key: "languages", label: t("fieldLanguages"), text: list(t, "language", m.languages) },
    { key: "items", label: t("fieldItems"), text: m.items === null ? unknown : String(m.items) },
    { key: "minutes", label: t("fieldMinutes"), text: m.minutes === null ? unknown : String(m.minutes) },
    { key: "cost", label: t("fieldCost"), text: choice(t, "cost", m.cost) },
    { key: "publisher", label: t("fieldPublisher"), text: m.publisher },
  ];
}

function DemoNote({ t, show }: { t: CatalogueT; show: boolean }) {
  if (!show) return null;
  return (
    <Alert kind="warning" slim>
      <strong>{t("demoBadge")}.</strong> {t("demoNote")}
    </Alert>
  );
}

export interface ListPageProps {
  ctx: PageContext;
  measures: MeasureRow[];
  state: FormState;
  /** The filters as a query string (for the CSV and API links), empty when they did not parse. */
  query: string;
  mayEdit: boolean;
}

export function ListPage({ ctx, measures, state, query, mayEdit }: ListPageProps) {
  const t = tr(ctx.locale);
  const select = (
    name: string,
    label: string,
    values: readonly string[],
    kind: Parameters<typeof choice>[1],
  ) => (
    <div class="tablet:grid-col-4">
      <SelectField
        state={state}
        name={name}
        label={label}
        placeholder={t("filterAny")}
        choices={values.map((v) => ({ value: v, label: choice(t, kind, v) }))}
      />
    </div>
  );
  const suffix = query ? `?${query}` : "";
  return (
    <Layout ctx={ctx} title={t("catalogue")} breadcrumbs={crumbs(t)}>
      <h1>{t("catalogue")}</h1>
      <p class="usa-intro">{t("catalogueIntro")}</p>
      <p>{t("catalogueAdvice")}</p>
      <DemoNote t={t} show={measures.some((m) => m.demo)} />
      {mayEdit ? (
        <p>
          <a class="usa-button usa-button--outline" href={`${CATALOGUE_PATH}/new`}>
            {t("newMeasure")}
          </a>
        </p>
      ) : null}
      <ErrorSummary state={state} />
      <section
        aria-labelledby="filters-heading"
        class="border-1px border-base-lighter radius-md padding-2 margin-y-3"
      >
        <h2 id="filters-heading" class="margin-top-0">
          {t("filtersHeading")}
        </h2>
        <Form action={CATALOGUE_PATH} method="get">
          <div class="grid-row grid-gap">
            <div class="tablet:grid-col-4">
              <TextField state={state} name="q" label={t("filterQ")} type="search" maxLength={100} />
            </div>
            {select("focus", t("filterFocus"), FOCUS_AREAS, "focus")}
            {select("purpose", t("filterPurpose"), PURPOSES, "purpose")}
            {select("level", t("filterLevel"), LEVEL_KEYS, "level")}
            <div class="tablet:grid-col-4">
              <TextField
                state={state}
                name="age"
                label={t("filterAge")}
                hint={t("filterAgeHint")}
                inputmode="numeric"
                width="small"
              />
            </div>
            {select("reporter", t("filterReporter"), REPORTERS, "reporter")}
            {select("language", t("filterLanguage"), LANGUAGES, "language")}
            {select("cost", t("filterCost"), COSTS, "cost")}
            <div class="tablet:grid-col-4">
              <TextField
                state={state}
                name="maxItems"
                label={t("filterMaxItems")}
                inputmode="numeric"
                width="small"
              />
            </div>
            <div class="tablet:grid-col-4">
              <TextField
                state={state}
                name="maxMinutes"
                label={t("filterMaxMinutes")}
                inputmode="numeric"
                width="small"
              />
            </div>
          </div>
          <Button>{t("applyFilters")}</Button>
          <a class="usa-button usa-button--unstyled margin-left-2" href={CATALOGUE_PATH}>
            {t("clearFilters")}
          </a>
        </Form>
      </section>
      <h2 id="results-heading">
        {measures.length === 1 ? t("resultsCountOne") : t("resultsCount", { count: measures.length })}
      </h2>
      <p>
        <a href={`${CATALOGUE_PATH}.csv${suffix}`}>{t("downloadCsv")}</a> ·{" "}
        <a href={`/api/v1${CATALOGUE_PATH}${suffix}`}>{t("apiLink")}</a>
      </p>
      {measures.length === 0 ? (
        <p>{t("noMeasures")}</p>
      ) : (
        <form method="get" action={`${CATALOGUE_PATH}/compare`} class="usa-form maxw-none">
          <p class="usa-hint" id="compare-hint">
            {t("compareHint")}
          </p>
          <ul class="usa-list usa-list--unstyled" aria-labelledby="results-heading">
            {measures.map((m) => (
              <MeasureSummary ctx={ctx} t={t} measure={m} />
            ))}
          </ul>
          <Button>{t("compareButton")}</Button>
        </form>
      )}
    </Layout>
  );
}

function MeasureSummary({ ctx, t, measure: m }: { ctx: PageContext; t: CatalogueT; measure: MeasureRow }) {
  const facts = measureFacts(t, m).filter((f) =>
    ["focusAreas", "purposes", "ages", "reporters", "cost", "items", "minutes"].includes(f.key),
  );
  const id = `compare-${m.slug}`;
  return (
    <li class="margin-bottom-3 border-bottom border-base-lighter padding-bottom-2">
      <h3 class="margin-bottom-05 font-heading-md">
        <a href={measurePath(m.slug)}>{m.shortName}</a>
        <span class="text-normal font-body-sm"> {m.name}</span>
      </h3>
      <p class="margin-y-05">
        <Localised locale={ctx.locale} en={m.summaryEn} es={m.summaryEs} t={t} />
      </p>
      <p class="margin-y-05 font-body-xs">
        {facts.map((f, i) => (
          <>
            {i > 0 ? " · " : null}
            <span class="text-bold">{f.label}:</span> {f.text}
          </>
        ))}
      </p>
      <div class="usa-checkbox">
        <input
          class="usa-checkbox__input"
          id={id}
          type="checkbox"
          name="m"
          value={m.slug}
          aria-describedby="compare-hint"
        />
        <label class="usa-checkbox__label" for={id}>
          {t("compareChoose", { name: m.shortName })}
        </label>
      </div>
    </li>
  );
}

export function MeasurePage({
  ctx,
  measure: m,
  mayEdit,
}: {
  ctx: PageContext;
  measure: MeasureRow;
  mayEdit: boolean;
}) {
  const t = tr(ctx.locale);
  const date = dateTimeFormat(ctx.locale, { dateStyle: "long", timeZone: "UTC" }).format(m.updatedAt);
  return (
    <Layout ctx={ctx} title={`${m.shortName}: ${m.name}`} breadcrumbs={crumbs(t, { label: m.shortName })}>
      <h1>
        {m.shortName}
        <span class="display-block font-heading-lg text-normal">{m.name}</span>
      </h1>
      <DemoNote t={t} show={m.demo} />
      <p class="usa-intro">
        <Localised locale={ctx.locale} en={m.summaryEn} es={m.summaryEs} t={t} />
      </p>
      <Table
        caption={t("catalogue")}
        captionHidden
        headers={[t("compareField"), m.shortName]}
        rows={measureFacts(t, m).map((f) => [f.label, f.text])}
        stacked
      />
      <p class="usa-hint">{t("languagesNote")}</p>
      <h2>{t("fieldEvidence")}</h2>
      <p>
        <Localised locale={ctx.locale} en={m.evidenceEn} es={m.evidenceEs} t={t} />
      </p>
      <h2>{t("fieldObtain")}</h2>
      <p>
        <Localised locale={ctx.locale} en={m.obtainEn} es={m.obtainEs} t={t} />
      </p>
      {m.obtainUrl ? (
        <p>
          <a href={m.obtainUrl} rel="noopener noreferrer">
            {t("publisherPage")}
          </a>
        </p>
      ) : null}
      <p class="usa-hint">{t("updatedOn", { date })}</p>
      <p>
        <a href={CATALOGUE_PATH}>{t("backToCatalogue")}</a>
        {mayEdit ? (
          <>
            {" · "}
            <a href={`${measurePath(m.slug)}/edit`}>{t("editMeasure")}</a>
          </>
        ) : null}
      </p>
    </Layout>
  );
}

export type CompareProblem =
  | { problem: "tooFew" | "tooMany"; count: number }
  | { problem: "unknown"; slugs: string[] };

export function compareProblemText(t: CatalogueT, p: CompareProblem): string {
  if (p.problem === "unknown") return t("compareUnknown", { slugs: p.slugs.join(", ") });
  return p.problem === "tooMany" ? t("compareTooMany", { count: p.count }) : t("compareTooFew");
}

export function ComparePage(props: { ctx: PageContext; measures: MeasureRow[]; problem?: CompareProblem }) {
  const { ctx, measures } = props;
  const t = tr(ctx.locale);
  const cells = measures.map((m) => measureFacts(t, m));
  const text = (m: MeasureRow, en: keyof MeasureRow, es: keyof MeasureRow): ComponentChildren => (
    <Localised locale={ctx.locale} en={m[en] as string} es={m[es] as string | null} t={t} />
  );
  const rows: ComponentChildren[][] = [
    [t("fieldSummary"), ...measures.map((m) => text(m, "summaryEn", "summaryEs"))],
    ...(cells[0] ?? []).map((fact, i) => [fact.label, ...cells.map((c) => c[i]!.text)]),
    [t("fieldEvidence"), ...measures.map((m) => text(m, "evidenceEn", "evidenceEs"))],
    [t("fieldObtain"), ...measures.map((m) => text(m, "obtainEn", "obtainEs"))],
    [
      t("compareHeading"),
      ...measures.map((m) => (
        <a href={measurePath(m.slug)}>
          {m.shortName}
          <span class="usa-sr-only"> {m.name}</span>
        </a>
      )),
    ],
  ];
  return (
    <Layout ctx={ctx} title={t("compareTitle")} breadcrumbs={crumbs(t, { label: t("compareTitle") })}>
      <h1>{t("compareTitle")}</h1>
      {props.problem ? (
        <Alert kind="error" heading={t("compareErrorHeading")}>
          <p>{compareProblemText(t, props.problem)}</p>
        </Alert>
      ) : (
        <>
          <p class="usa-intro">{t("compareIntro")}</p>
          <DemoNote t={t} show={measures.some((m) => m.demo)} />
          <Table
            caption={t("compareCaption", { count: measures.length })}
            headers={[t("compareField"), ...measures.map((m) => m.shortName)]}
            rows={rows}
          />
        </>
      )}
      <p>
        <a href={CATALOGUE_PATH}>{t("backToCatalogue")}</a>
      </p>
    </Layout>
  );
}

/** The catalogue's form fields and their labels (the error summary reads them). */
export function measureLabels(t: CatalogueT): Record<string, string> {
  return {
    slug: t("labelSlug"),
    shortName: t("labelShortName"),
    name: t("labelName"),
    publisher: t("labelPublisher"),
    summaryEn: t("labelSummaryEn"),
    summaryEs: t("labelSummaryEs"),
    focusAreas: t("labelFocusAreas"),
    purposes: t("labelPurposes"),
    reporters: t("labelReporters"),
    languages: t("labelLanguages"),
    ageMin: t("labelAgeMin"),
    ageMax: t("labelAgeMax"),
    items: t("labelItems"),
    minutes: t("labelMinutes"),
    cost: t("labelCost"),
    obtainEn: t("labelObtainEn"),
    obtainEs: t("labelObtainEs"),
    obtainUrl: t("labelObtainUrl"),
    evidenceEn: t("labelEvidenceEn"),
    evidenceEs: t("labelEvidenceEs"),
  };
}

export function MeasureFormPage(props: {
  ctx: PageContext;
  /** The measure being edited; none for a new one. */
  measure?: MeasureRow;
  values: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx, measure } = props;
  const t = tr(ctx.locale);
  const labels = measureLabels(t);
  const state: FormState = { locale: ctx.locale, values: props.values, errors: props.errors, labels };
  const title = measure ? t("editTitle", { name: measure.shortName }) : t("newTitle");
  const action = measure ? `${measurePath(measure.slug)}/edit` : `${CATALOGUE_PATH}/new`;
  const choices = (values: readonly string[], kind: Parameters<typeof choice>[1]) =>
    values.map((v) => ({ value: v, label: choice(t, kind, v) }));
  const text = (name: string, extra: { hint?: string; width?: "small" | "medium" } = {}) => (
    <TextField state={state} name={name} label={labels[name]!} required {...extra} />
  );
  const optional = (name: string, area = false) =>
    area ? (
      <TextArea state={state} name={name} label={labels[name]!} rows={4} />
    ) : (
      <TextField state={state} name={name} label={labels[name]!} inputmode="numeric" width="small" />
    );
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={crumbs(
        t,
        ...(measure ? [{ label: measure.shortName, href: measurePath(measure.slug) }] : []),
        {
          label: title,
        },
      )}
    >
      <h1>{title}</h1>
      <p>{t("formIntro")}</p>
      <ErrorSummary state={state} />
      <Form action={action} csrfToken={ctx.csrfToken}>
        {text("shortName", { hint: t("hintShortName") })}
        {text("name")}
        {text("slug", { hint: t("hintSlug") })}
        {text("publisher")}
        <TextArea state={state} name="summaryEn" label={labels.summaryEn!} required rows={4} />
        {optional("summaryEs", true)}
        <CheckboxGroup
          state={state}
          name="focusAreas"
          label={labels.focusAreas!}
          required
          choices={choices(FOCUS_AREAS, "focus")}
        />
        <CheckboxGroup
          state={state}
          name="purposes"
          label={labels.purposes!}
          required
          choices={choices(PURPOSES, "purpose")}
        />
        <CheckboxGroup
          state={state}
          name="reporters"
          label={labels.reporters!}
          required
          choices={choices(REPORTERS, "reporter")}
        />
        <CheckboxGroup
          state={state}
          name="languages"
          label={labels.languages!}
          required
          choices={choices(LANGUAGES, "language")}
        />
        <TextField
          state={state}
          name="ageMin"
          label={labels.ageMin!}
          required
          inputmode="numeric"
          width="small"
        />
        <TextField
          state={state}
          name="ageMax"
          label={labels.ageMax!}
          required
          inputmode="numeric"
          width="small"
        />
        {optional("items")}
        {optional("minutes")}
        <RadioGroup
          state={state}
          name="cost"
          label={labels.cost!}
          required
          choices={choices(COSTS, "cost")}
        />
        <TextArea state={state} name="obtainEn" label={labels.obtainEn!} required rows={3} />
        {optional("obtainEs", true)}
        <TextField
          state={state}
          name="obtainUrl"
          label={labels.obtainUrl!}
          hint={t("hintObtainUrl")}
          type="url"
        />
        <TextArea state={state} name="evidenceEn" label={labels.evidenceEn!} required rows={4} />
        {optional("evidenceEs", true)}
        <Button>{t("save")}</Button>
      </Form>
    </Layout>
  );
}

/** A stored measure as the form's values (text, as a browser would send them). */
export function formValuesOfMeasure(input: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null) continue;
    values[key] = Array.isArray(value) ? value.map(String) : String(value);
  }
  return values;
}
