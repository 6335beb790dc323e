import type { FastifyReply, FastifyRequest } from "fastify";
import { redirectToSignIn as signInAndBack } from "../../../platform/http/web";
import { type Locale, translator } from "../../../platform/i18n";
import type { Crumb, PageContext } from "../../../platform/ui/context";
import { type CommunitiesMessages, communitiesCatalog } from "../messages";
import { type Community, communityName } from "../service";

export type T = ReturnType<typeof translator<CommunitiesMessages>>;
export const tFor = (ctx: { locale: Locale }): T => translator(communitiesCatalog, ctx.locale);

export const label = (t: T, prefix: string, value: string) => t(`${prefix}_${value}` as keyof CommunitiesMessages);

export function formatDate(locale: Locale, date: Date | string, withTime = true) {
  const d = typeof date === "string" ? new Date(date) : date;
  return new Intl.DateTimeFormat(locale === "es" ? "es-US" : "en-US", {
    year: "numeric",
    month: "short",
    day: "numeric",
    timeZone: "UTC",
    ...(withTime ? { hour: "numeric", minute: "2-digit", timeZoneName: "short" } : {}),
  }).format(d);
}

export function Time({ locale, date }: { locale: Locale; date: Date }) {
  return <time dateTime={date.toISOString()}>{formatDate(locale, date)}</time>;
}

export function Tag({ children, kind }: { children: string; kind?: "new" | "closed" | "pinned" | "warn" }) {
  const classes: Record<string, string> = { new: "bg-secondary-dark", closed: "bg-base-dark", pinned: "bg-primary", warn: "bg-gold text-ink" };
  return <span class={`usa-tag margin-right-05 ${kind ? classes[kind] : ""}`}>{children}</span>;
}

/** Pages that change something need a signed-in person; others are sent to sign in and back. */
export function redirectToSignIn(request: FastifyRequest, reply: FastifyReply) {
  const back = request.method === "GET" ? request.url : (request.headers.referer ?? "/communities");
  let path = "/communities";
  try {
    path = new URL(back, "http://x").pathname;
  } catch {
    /* keep the default */
  }
  return signInAndBack(request, reply, path);
}

export function crumbs(ctx: PageContext, ...rest: Crumb[]) {
  const t = tFor(ctx);
  return [{ label: t("home"), href: "/" }, { label: t("communitiesTitle"), href: "/communities" }, ...rest];
}

/** Breadcrumbs of a page inside a community: home → communities → the community → the rest. */
export function communityCrumbs(ctx: PageContext, community: Pick<Community, "slug" | "nameEn" | "nameEs">, ...rest: Crumb[]) {
  return crumbs(ctx, { label: communityName(community, ctx.locale), href: `/communities/${community.slug}` }, ...rest);
}
