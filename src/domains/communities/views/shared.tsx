import type { FastifyReply } from "fastify";
import type { FieldErrors, FormValues } from "../../../platform/http/forms";
import { type Locale, translator } from "../../../platform/i18n";
import { ErrorSummary, type FormState, TextArea } from "../../../platform/ui/components";
import type { Crumb, PageContext } from "../../../platform/ui/context";
import { Layout } from "../../../platform/ui/layout";
import { type CommunitiesMessages, communitiesCatalog } from "../messages";
import { type Community, communityName } from "../service";
import { dateTimeFormat } from "../../../platform/i18n/formats";

const DATE_ONLY: Intl.DateTimeFormatOptions = {
  year: "numeric",
  month: "short",
  day: "numeric",
  timeZone: "UTC",
};
const DATE_AND_TIME: Intl.DateTimeFormatOptions = {
  ...DATE_ONLY,
  hour: "numeric",
  minute: "2-digit",
  timeZoneName: "short",
};

export type T = ReturnType<typeof translator<CommunitiesMessages>>;
export const tFor = (ctx: { locale: Locale }): T => translator(communitiesCatalog, ctx.locale);

export const label = (t: T, prefix: string, value: string) =>
  t(`${prefix}_${value}` as keyof CommunitiesMessages);

export function formatDate(locale: Locale, date: Date | string, withTime = true) {
  const d = typeof date === "string" ? new Date(date) : date;
  return dateTimeFormat(locale, withTime ? DATE_AND_TIME : DATE_ONLY).format(d);
}

export function Time({ locale, date }: { locale: Locale; date: Date }) {
  return <time dateTime={date.toISOString()}>{formatDate(locale, date)}</time>;
}

export function Tag({ children, kind }: { children: string; kind?: "new" | "closed" | "pinned" | "warn" }) {
  const classes: Record<string, string> = {
    new: "bg-secondary-dark",
    closed: "bg-base-dark",
    pinned: "bg-primary",
    warn: "bg-gold text-ink",
  };
  return <span class={`usa-tag margin-right-05 ${kind ? classes[kind] : ""}`}>{children}</span>;
}

export function crumbs(ctx: PageContext, ...rest: Crumb[]) {
  const t = tFor(ctx);
  return [{ label: t("home"), href: "/" }, { label: t("communitiesTitle"), href: "/communities" }, ...rest];
}

/** Breadcrumbs of a page inside a community: home → communities → the community → the rest. */
export function communityCrumbs(
  ctx: PageContext,
  community: Pick<Community, "slug" | "nameEn" | "nameEs">,
  ...rest: Crumb[]
) {
  return crumbs(
    ctx,
    { label: communityName(community, ctx.locale), href: `/communities/${community.slug}` },
    ...rest,
  );
}

/**
 * The answer to a small form drawn on another page (a button, a choice, a short reason) that
 * came with a value it cannot take: 400, what is wrong with which field, and the way back to
 * the page that holds the form. Nothing is changed.
 */
export function formProblem(
  reply: FastifyReply,
  problem: {
    title: string;
    back: Crumb & { href: string };
    failed: { values: FormValues; errors: FieldErrors };
    labels: Record<string, string>;
  },
) {
  const ctx = reply.pageContext();
  const state = { locale: ctx.locale, ...problem.failed, labels: problem.labels };
  return reply.page(
    <Layout ctx={ctx} title={problem.title} breadcrumbs={crumbs(ctx, problem.back, { label: problem.title })}>
      <h1>{problem.title}</h1>
      <ErrorSummary state={state} />
      <p>
        <a href={problem.back.href}>{problem.back.label}</a>
      </p>
    </Layout>,
    400,
  );
}

/** A form's values as text (left-out fields dropped), to draw it again or link to it. */
export function formValuesOf(value: Record<string, string | string[] | undefined>): FormValues {
  const values: FormValues = {};
  for (const [name, v] of Object.entries(value)) if (v !== undefined && v !== "") values[name] = v;
  return values;
}

/** The Markdown body of a new topic, a reply or an edit: one field, one limit, one hint. */
export function PostBodyField({ state, t, rows = 10 }: { state: FormState; t: T; rows?: number }) {
  return (
    <TextArea
      state={state}
      name="body"
      label={t("bodyLabel")}
      hint={t("bodyHint")}
      required
      rows={rows}
      maxLength={20000}
    />
  );
}
