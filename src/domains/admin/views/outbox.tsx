import type { FieldErrors, FormValues } from "../../../platform/http/forms";
import type { PageContext } from "../../../platform/ui/context";
import {
  Button,
  ErrorSummary,
  Form,
  type FormState,
  Pagination,
  Table,
  TextField,
} from "../../../platform/ui/components";
import { Layout } from "../../../platform/ui/layout";
import type { AdminMessages } from "../messages";
import type { findOutboxMessage, listOutbox } from "../repo";
import type { OutboxQuery } from "../schemas";
import { adminCrumbs, adminT, formatTime, pageCount, pageLink } from "./common";

type OutboxList = Awaited<ReturnType<typeof listOutbox>>;
type OutboxMessage = NonNullable<Awaited<ReturnType<typeof findOutboxMessage>>>;

const statusLabel = (t: ReturnType<typeof adminT>, status: string) =>
  t(`out_${status}` as keyof AdminMessages);

export function OutboxPage(props: {
  ctx: PageContext;
  query: OutboxQuery;
  values: FormValues;
  errors?: FieldErrors;
  result: OutboxList;
}) {
  const { ctx, query, result } = props;
  const t = adminT(ctx.locale);
  const state: FormState = {
    locale: ctx.locale,
    values: props.values,
    errors: props.errors,
    labels: { to: t("recipient") },
  };
  return (
    <Layout
      ctx={ctx}
      title={t("outboxTitle")}
      breadcrumbs={adminCrumbs(ctx.locale, { label: t("outboxTitle") })}
    >
      <h1>{t("outboxTitle")}</h1>
      <p class="usa-intro">{t("outboxDescription")}</p>
      <ErrorSummary state={state} />
      <h2>{t("filtersHeading")}</h2>
      <Form action="/admin/outbox" method="get">
        <TextField
          state={state}
          name="to"
          label={t("recipient")}
          hint={t("recipientHint")}
          type="email"
          maxLength={254}
        />
        <Button>{t("apply")}</Button> <a href="/admin/outbox">{t("clear")}</a>
      </Form>
      <h2>{t("results", { total: result.total })}</h2>
      {result.items.length === 0 ? (
        <p>{t("noResults")}</p>
      ) : (
        <Table
          caption={t("outboxCaption")}
          headers={[t("subject"), t("to"), t("status"), t("queuedAt"), t("sent")]}
          rows={result.items.map((m) => [
            <a href={`/admin/outbox/${m.id}`}>{m.subject}</a>,
            m.to,
            statusLabel(t, m.status),
            formatTime(m.createdAt, ctx.locale),
            formatTime(m.sentAt, ctx.locale),
          ])}
        />
      )}
      <Pagination
        locale={ctx.locale}
        page={query.page ?? 1}
        pages={pageCount(result.total, query.perPage ?? 25)}
        hrefFor={(page) => pageLink("/admin/outbox", query, page)}
      />
    </Layout>
  );
}

export function OutboxMessagePage({
  ctx,
  message,
  links,
}: {
  ctx: PageContext;
  message: OutboxMessage;
  links: string[];
}) {
  const t = adminT(ctx.locale);
  return (
    <Layout
      ctx={ctx}
      title={message.subject}
      breadcrumbs={adminCrumbs(
        ctx.locale,
        { label: t("outboxTitle"), href: "/admin/outbox" },
        { label: message.subject },
      )}
    >
      <h1>{message.subject}</h1>
      <dl>
        <dt class="text-bold">{t("to")}</dt>
        <dd class="margin-left-0 margin-bottom-1">{message.to}</dd>
        <dt class="text-bold">{t("status")}</dt>
        <dd class="margin-left-0 margin-bottom-1">{statusLabel(t, message.status)}</dd>
        <dt class="text-bold">{t("queuedAt")}</dt>
        <dd class="margin-left-0 margin-bottom-1">{formatTime(message.createdAt, ctx.locale)}</dd>
        {message.sentAt ? (
          <>
            <dt class="text-bold">{t("sent")}</dt>
            <dd class="margin-left-0 margin-bottom-1">{formatTime(message.sentAt, ctx.locale)}</dd>
          </>
        ) : null}
      </dl>
      <h2>{t("bodyHeading")}</h2>
      {/* Plain text, escaped by the renderer; pre-wrap keeps the lines and wraps long ones. */}
      <pre
        class="text-pre-wrap smh-pre-wrap overflow-x-auto bg-base-lightest padding-2 font-mono-xs"
        data-testid="email-body"
      >
        {message.text}
      </pre>
      <h2>{t("linksHeading")}</h2>
      {links.length === 0 ? (
        <p>{t("noLinks")}</p>
      ) : (
        <ul class="usa-list" data-testid="email-links">
          {links.map((href) => (
            <li>
              <a href={href} rel="noreferrer">
                {href}
              </a>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
