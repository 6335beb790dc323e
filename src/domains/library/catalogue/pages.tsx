import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { stringify } from "csv-stringify/sync";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type FieldErrors, type FormValues, formFieldsOf, parseForm } from "../../../platform/http/forms";
import { badRequest, notFound } from "../../../platform/http/problem";
import type { Locale } from "../../../platform/i18n";
import { can } from "../../../platform/policy";
import { addMeasureAccess, editMeasureAccess, loadedMeasure } from "./access";
import {
  CompareQuery,
  MeasureFields,
  type MeasureFilters,
  MeasureFilterQuery,
  MeasureParams,
} from "./fields";
import { catalogueTags } from "./cache-tags";
import { tr } from "./messages";
import {
  compareMeasures,
  createMeasure,
  findMeasure,
  inputOf,
  listMeasures,
  MeasureCheckError,
  type MeasureProblems,
  type MeasureRow,
  nationalShelf,
  updateMeasure,
} from "./service";
import {
  CATALOGUE_PATH,
  ComparePage,
  formValuesOfMeasure,
  ListPage,
  localisedText,
  MeasureFormPage,
  MeasurePage,
  measureFacts,
  measurePath,
} from "./views";

const hidden = { hide: true };

/** The filters again as a query string, for the CSV and API links of the same list. */
export function filterQueryString(filters: MeasureFilters): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value !== undefined) params.set(key, String(value));
  return params.toString();
}

const problemErrors = (locale: Locale, problems: MeasureProblems): FieldErrors => {
  const t = tr(locale);
  const errors: FieldErrors = {};
  for (const [field, problem] of Object.entries(problems)) errors[field] = { message: t(problem) };
  return errors;
};

/** The catalogue as a spreadsheet: the rows the filters let through, in the reader's language. */
export function catalogueCsv(locale: Locale, measures: MeasureRow[]): string {
  const t = tr(locale);
  const facts = (m: MeasureRow) => measureFacts(t, m);
  const header = [
    t("labelShortName"),
    t("labelName"),
    t("labelSlug"),
    ...(measures[0] ? facts(measures[0]) : measureFacts(t, PLACEHOLDER)).map((f) => f.label),
    t("fieldSummary"),
    t("fieldEvidence"),
    t("fieldObtain"),
    t("publisherPage"),
    t("demoBadge"),
  ];
  const rows = measures.map((m) => [
    m.shortName,
    m.name,
    m.slug,
    ...facts(m).map((f) => f.text),
    localisedText(locale, m.summaryEn, m.summaryEs),
    localisedText(locale, m.evidenceEn, m.evidenceEs),
    localisedText(locale, m.obtainEn, m.obtainEs),
    m.obtainUrl ?? "",
    m.demo ? t("demoBadge") : "",
  ]);
  return stringify([header, ...rows]);
}
/** Only for the header of an empty CSV. */
const PLACEHOLDER = {
  focusAreas: [],
  purposes: [],
  reporters: [],
  languages: [],
  ageMin: 0,
  ageMax: 0,
  items: null,
  minutes: null,
  cost: "free",
  publisher: "",
} as unknown as MeasureRow;

/** The catalogue's pages: the filtered list, a measure, the comparison, and the editors' forms. */
export async function cataloguePages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const mayEdit = async (request: FastifyRequest) => {
    const actor = await request.actor();
    if (!actor) return false;
    const shelf = await nationalShelf(app.db);
    return !!shelf && can(actor, "library.edit", shelf);
  };

  // The filters are a form: a value it cannot take is shown beside its field (400), nothing filtered.
  app.get(
    CATALOGUE_PATH,
    { config: { access: "public" }, schema: { ...hidden, querystring: formFieldsOf(MeasureFilterQuery) } },
    (request, reply) =>
      reply.cachedPage(async (ctx, deps) => {
        deps.add(catalogueTags.any);
        const t = tr(ctx.locale);
        const form = parseForm(MeasureFilterQuery, request.query);
        const filters = form.ok ? form.value : {};
        const measures = await listMeasures(app.db, filters);
        reply.code(form.ok ? 200 : 400);
        return (
          <ListPage
            ctx={ctx}
            measures={measures}
            state={{
              locale: ctx.locale,
              values: form.ok ? formValuesOfMeasure(form.value) : form.values,
              errors: form.ok ? undefined : form.errors,
              labels: {
                q: t("filterQ"),
                focus: t("filterFocus"),
                purpose: t("filterPurpose"),
                level: t("filterLevel"),
                age: t("filterAge"),
                reporter: t("filterReporter"),
                language: t("filterLanguage"),
                cost: t("filterCost"),
                maxItems: t("filterMaxItems"),
                maxMinutes: t("filterMaxMinutes"),
              },
            }}
            query={filterQueryString(filters)}
            mayEdit={await mayEdit(request)}
          />
        );
      }),
  );

  app.get(
    `${CATALOGUE_PATH}.csv`,
    { config: { access: "public" }, schema: { ...hidden, querystring: formFieldsOf(MeasureFilterQuery) } },
    async (request, reply) => {
      const form = parseForm(MeasureFilterQuery, request.query);
      if (!form.ok) throw badRequest(`Filters not valid: ${Object.keys(form.errors).join(", ")}.`);
      const csv = catalogueCsv(request.locale, await listMeasures(app.db, form.value));
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", 'attachment; filename="screening-and-assessment-catalogue.csv"')
        .send(csv);
    },
  );

  app.get(
    `${CATALOGUE_PATH}/compare`,
    { config: { access: "public" }, schema: { ...hidden, querystring: formFieldsOf(CompareQuery) } },
    (request, reply) =>
      reply.cachedPage(async (ctx, deps) => {
        deps.add(catalogueTags.any);
        const form = parseForm(CompareQuery, request.query);
        const asked = form.ok ? (form.value.m ?? []) : [];
        const result = form.ok
          ? await compareMeasures(app.db, asked)
          : ({ ok: false, problem: "unknown", slugs: [].concat(form.values.m as never) } as const);
        if (!result.ok) {
          reply.code(400);
          return <ComparePage ctx={ctx} measures={[]} problem={result} />;
        }
        return <ComparePage ctx={ctx} measures={result.measures} />;
      }),
  );

  const formPage = async (
    reply: FastifyReply,
    args: { measure?: MeasureRow; values: FormValues; errors?: FieldErrors },
  ) => reply.page(<MeasureFormPage ctx={reply.pageContext()} {...args} />, args.errors ? 400 : 200);

  /** Saves a posted measure; the form comes back with every field kept when something is wrong. */
  const save = async (request: FastifyRequest, reply: FastifyReply, measure?: MeasureRow) => {
    const parsed = parseForm(MeasureFields, request.body);
    if (!parsed.ok) return formPage(reply, { measure, values: parsed.values, errors: parsed.errors });
    const actorId = request.viewer!.id;
    try {
      const saved = measure
        ? await updateMeasure(app.db, { actorId, measure, input: parsed.value })
        : await createMeasure(app.db, { actorId, input: parsed.value });
      reply.flash("success", tr(request.locale)(measure ? "updated" : "created"));
      return reply.redirect(measurePath(saved.slug), 303);
    } catch (error) {
      if (!(error instanceof MeasureCheckError)) throw error;
      return formPage(reply, {
        measure,
        values: formValuesOfMeasure(parsed.value),
        errors: problemErrors(request.locale, error.problems),
      });
    }
  };

  app.get(
    `${CATALOGUE_PATH}/new`,
    { config: { access: addMeasureAccess }, schema: hidden },
    (_request, reply) => formPage(reply, { values: { cost: "free" } }),
  );
  app.post(
    `${CATALOGUE_PATH}/new`,
    { config: { access: addMeasureAccess }, schema: { ...hidden, body: formFieldsOf(MeasureFields) } },
    (request, reply) => save(request, reply),
  );

  app.get(
    `${CATALOGUE_PATH}/:measureSlug`,
    { config: { access: "public" }, schema: { ...hidden, params: MeasureParams } },
    (request, reply) =>
      reply.cachedPage(async (ctx, deps) => {
        deps.add(catalogueTags.any);
        const measure = await findMeasure(app.db, request.params.measureSlug);
        if (!measure) throw notFound();
        return <MeasurePage ctx={ctx} measure={measure} mayEdit={await mayEdit(request)} />;
      }),
  );

  app.get(
    `${CATALOGUE_PATH}/:measureSlug/edit`,
    { config: { access: editMeasureAccess }, schema: { ...hidden, params: MeasureParams } },
    (request, reply) => {
      const measure = loadedMeasure(request);
      return formPage(reply, { measure, values: formValuesOfMeasure(inputOf(measure)) });
    },
  );
  app.post(
    `${CATALOGUE_PATH}/:measureSlug/edit`,
    {
      config: { access: editMeasureAccess },
      schema: { ...hidden, params: MeasureParams, body: formFieldsOf(MeasureFields) },
    },
    (request, reply) => save(request, reply, loadedMeasure(request)),
  );
}
