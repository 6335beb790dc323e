import { type AuditRecord, auditChanges } from "../../../platform/audit";
import type { FieldErrors, FormValues } from "../../../platform/http/forms";
import type { PageContext } from "../../../platform/ui/context";
import {
  Button,
  ErrorSummary,
  Form,
  type FormState,
  Pagination,
  TextField,
} from "../../../platform/ui/components";
import { Layout } from "../../../platform/ui/layout";
import type { AuditQuery } from "../schemas";
import { adminCrumbs, adminT, formatTime, pageCount, pageLink } from "./common";

/** A snapshot value as one short line of text. */
export function showValue(value: unknown): string {
  if (value === undefined) return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

function ChangesTable({ entry, t }: { entry: AuditRecord; t: ReturnType<typeof adminT> }) {
  const changes = auditChanges(entry.before, entry.after);
  if (changes.length === 0) return <p class="margin-0">{t("noChanges")}</p>;
  return (
    <table class="usa-table usa-table--compact usa-table--borderless margin-0">
      <caption class="usa-sr-only">{t("changesCaption", { id: entry.id })}</caption>
      <thead>
        <tr>
          <th scope="col">{t("field")}</th>
          <th scope="col">{t("before")}</th>
          <th scope="col">{t("after")}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr>
            <th scope="row">{c.key}</th>
            <td>{showValue(c.before)}</td>
            <td>{showValue(c.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AuditPage(props: {
  ctx: PageContext;
  query: AuditQuery;
  values: FormValues;
  errors?: FieldErrors;
  result: { items: AuditRecord[]; total: number };
}) {
  const { ctx, query, result } = props;
  const t = adminT(ctx.locale);
  const labels = {
    entityType: t("entityType"),
    action: t("action"),
    actorEmail: t("actorEmail"),
    from: t("from"),
    to: t("until"),
  };
  const state: FormState = { locale: ctx.locale, values: props.values, errors: props.errors, labels };
  const csvHref = pageLink("/admin/audit.csv", { ...query, perPage: undefined }, 1);
  return (
    <Layout
      ctx={ctx}
      title={t("auditTitle")}
      breadcrumbs={adminCrumbs(ctx.locale, { label: t("auditTitle") })}
    >
      <h1>{t("auditTitle")}</h1>
      <p class="usa-intro">{t("auditDescription")}</p>
      <ErrorSummary state={state} />
      <h2>{t("filtersHeading")}</h2>
      <Form action="/admin/audit" method="get">
        <TextField
          state={state}
          name="entityType"
          label={labels.entityType}
          hint={t("entityTypeHint")}
          maxLength={100}
        />
        <TextField state={state} name="action" label={labels.action} hint={t("actionHint")} maxLength={100} />
        <TextField state={state} name="actorEmail" label={labels.actorEmail} type="email" maxLength={254} />
        <TextField state={state} name="from" label={labels.from} hint={t("dateHint")} type="date" />
        <TextField state={state} name="to" label={labels.to} hint={t("dateHint")} type="date" />
        <Button>{t("apply")}</Button> <a href="/admin/audit">{t("clear")}</a>
      </Form>
      <h2>{t("results", { total: result.total })}</h2>
      {props.errors ? null : (
        <p>
          <a href={csvHref} class="usa-link">
            {t("downloadCsv")}
          </a>
        </p>
      )}
      {result.items.length === 0 ? (
        <p>{t("noResults")}</p>
      ) : (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
        <div class="usa-table-container--scrollable" tabIndex={0}>
          <table class="usa-table usa-table--borderless">
            <caption>{t("auditCaption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("when")}</th>
                <th scope="col">{t("who")}</th>
                <th scope="col">{t("what")}</th>
                <th scope="col">
                  {t("before")} → {t("after")}
                </th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((entry) => (
                <tr data-audit-id={entry.id}>
                  <th scope="row">{formatTime(entry.at, ctx.locale)}</th>
                  <td>{entry.actorEmail ? `${entry.actorName ?? ""} <${entry.actorEmail}>` : t("system")}</td>
                  <td>
                    <code>{entry.action}</code>
                    <br />
                    {entry.entityType}{" "}
                    {entry.entityType === "user" ? (
                      <a href={`/admin/users/${entry.entityId}`}>
                        <code>{entry.entityId}</code>
                      </a>
                    ) : (
                      <code>{entry.entityId}</code>
                    )}
                  </td>
                  <td>
                    <ChangesTable entry={entry} t={t} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination
        locale={ctx.locale}
        page={query.page ?? 1}
        pages={pageCount(result.total, query.perPage ?? 25)}
        hrefFor={(page) => pageLink("/admin/audit", query, page)}
      />
    </Layout>
  );
}
