import formbody from "@fastify/formbody";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { eq } from "drizzle-orm";
import { users } from "../../../platform/auth/schema";
import { ButtonForm, formFieldsOf, parseForm } from "../../../platform/http/forms";
import type { FormState } from "../../../platform/ui/components";
import {
  ActionButton,
  Button,
  ErrorSummary,
  Form,
  Pagination,
  RadioGroup,
} from "../../../platform/ui/components";
import { Layout } from "../../../platform/ui/layout";
import { requireActor } from "../api-shared";
import { EmailSettingsInput, PageOnlyQuery, TokenParams, UnsubscribeForm } from "../contracts";
import {
  listNotifications,
  markNotificationsRead,
  setEmailFrequency,
  userFromUnsubscribeToken,
} from "./service";
import { EMAIL_FREQUENCIES, memberProfiles } from "../schema";
import { ensureProfile } from "../people/service";
import { label, Tag, Time, tFor } from "../views/shared";
import { communityTags } from "../cache-tags";

/** The signed-in person's own notifications and email setting; the emailed unsubscribe link. */
export async function notificationPages(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const own = { access: "signedIn" } as const;
  r.get("/notifications", { schema: { querystring: PageOnlyQuery }, config: own }, async (request, reply) => {
    const actor = await requireActor(request);
    const page = request.query.page ?? 1;
    return reply.cachedPage(async (ctx, deps) => {
      const { items, total, unread } = await listNotifications(app.db, actor.userId, page);
      // A notice shows while its community, topic and post may still be read by its recipient.
      deps.add(communityTags.notificationsOf(actor.userId), communityTags.anyCommunity);
      for (const n of items)
        deps.add(n.topicId && communityTags.topic(n.topicId), n.postId && communityTags.post(n.postId));
      const t = tFor(ctx);
      return (
        <Layout
          ctx={ctx}
          title={t("notificationsTitle")}
          breadcrumbs={[{ label: t("home"), href: "/" }, { label: t("notificationsTitle") }]}
        >
          <h1>{t("notificationsTitle")}</h1>
          <p class="usa-intro">{t("notificationsIntro")}</p>
          <p>
            <strong>{t("unreadCount", { count: unread })}</strong> ·{" "}
            <a href="/notifications/settings">{t("notificationSettings")}</a>
          </p>
          {unread > 0 ? (
            <ActionButton
              action="/notifications/read"
              csrfToken={ctx.csrfToken}
              label={t("markAllRead")}
              variant="outline"
            />
          ) : null}
          {items.length === 0 ? (
            <p>{t("noNotifications")}</p>
          ) : (
            <ul class="usa-list usa-list--unstyled margin-top-2">
              {items.map((n) => (
                <li class="border-top border-base-lighter padding-y-1">
                  {n.readAt ? null : <Tag kind="new">{t("unread")}</Tag>}
                  <a href={n.link}>{n.summary}</a>
                  <div class="font-body-3xs text-base">
                    <Time locale={ctx.locale} date={n.createdAt} />
                  </div>
                </li>
              ))}
            </ul>
          )}
          <Pagination
            locale={ctx.locale}
            page={page}
            pages={Math.ceil(total / 30)}
            hrefFor={(p) => `/notifications?page=${p}`}
          />
        </Layout>
      );
    });
  });

  r.post("/notifications/read", { schema: { body: ButtonForm }, config: own }, async (request, reply) => {
    const actor = await requireActor(request);
    await markNotificationsRead(app.db, actor.userId);
    return reply.redirect("/notifications", 303);
  });

  const settingsRoute = async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = await requireActor(request);
    const t = tFor(request);
    const [profile] = await app.db
      .select({ frequency: memberProfiles.emailFrequency })
      .from(memberProfiles)
      .where(eq(memberProfiles.userId, actor.userId));
    let state: FormState = { locale: request.locale, values: { frequency: profile?.frequency ?? "daily" } };
    let status = 200;
    if (request.method === "POST") {
      const form = parseForm(EmailSettingsInput, request.body);
      if (form.ok) {
        await ensureProfile(app.db, actor.userId);
        await setEmailFrequency(app.db, actor.userId, form.value.frequency);
        reply.flash("success", t("settingsSaved"));
        return reply.redirect("/notifications/settings", 303);
      }
      state = {
        locale: request.locale,
        values: form.values,
        errors: form.errors,
        labels: { frequency: t("frequencyLabel") },
      };
      status = 400;
    }
    const ctx = reply.pageContext();
    return reply.page(
      <Layout
        ctx={ctx}
        title={t("settingsTitle")}
        breadcrumbs={[
          { label: t("home"), href: "/" },
          { label: t("notificationsTitle"), href: "/notifications" },
          { label: t("settingsTitle") },
        ]}
      >
        <h1>{t("settingsTitle")}</h1>
        <ErrorSummary state={state} />
        <Form action="/notifications/settings" csrfToken={ctx.csrfToken}>
          <RadioGroup
            state={state}
            name="frequency"
            label={t("frequencyLabel")}
            required
            choices={EMAIL_FREQUENCIES.map((f) => ({ value: f, label: label(t, "frequency", f) }))}
          />
          <Button>{t("saveSettings")}</Button>
        </Form>
      </Layout>,
      status,
    );
  };
  r.get("/notifications/settings", { config: own }, settingsRoute);
  r.post(
    "/notifications/settings",
    { schema: { body: formFieldsOf(EmailSettingsInput) }, config: own },
    settingsRoute,
  );

  // The signed link itself is the permission: it only ever stops emails, so no sign-in is asked.
  r.get(
    "/communities/unsubscribe/:token",
    { schema: { params: TokenParams }, config: { access: "public" } },
    async (request, reply) => {
      const ctx = reply.pageContext();
      const t = tFor(ctx);
      const userId = userFromUnsubscribeToken(app.config.sessionSecret, request.params.token);
      const [user] = userId
        ? await app.db.select({ email: users.email }).from(users).where(eq(users.id, userId))
        : [];
      return reply.page(
        <Layout ctx={ctx} title={t("unsubscribeTitle")}>
          <h1>{t("unsubscribeTitle")}</h1>
          {user ? (
            <>
              <p>{t("unsubscribeIntro", { email: user.email })}</p>
              {/* Posts to the one-click endpoint: the signed link itself is the permission, no sign-in needed. */}
              <form method="post" action={request.url}>
                <button type="submit" class="usa-button">
                  {t("unsubscribeButton")}
                </button>
              </form>
            </>
          ) : (
            <p>{t("unsubscribeInvalid")}</p>
          )}
        </Layout>,
        user ? 200 : 404,
      );
    },
  );
}

/**
 * One-click unsubscribe (RFC 8058): mail clients POST `List-Unsubscribe=One-Click` to the
 * link without a session or CSRF token, so this lives outside the CSRF-checked pages. The
 * signed token is the only permission needed and it can do nothing but stop emails.
 */
export async function unsubscribeEndpoint(app: FastifyInstance) {
  await app.register(formbody, { bodyLimit: 4096 });
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    "/communities/unsubscribe/:token",
    {
      schema: { params: TokenParams, body: formFieldsOf(UnsubscribeForm), hide: true },
      config: { access: "public" },
    },
    async (request, reply) => {
      const ctx = reply.pageContext();
      const t = tFor(ctx);
      const form = parseForm(UnsubscribeForm, request.body);
      if (!form.ok) {
        const state = { locale: ctx.locale, ...form, labels: { "List-Unsubscribe": "List-Unsubscribe" } };
        return reply.page(
          <Layout ctx={ctx} title={t("unsubscribeTitle")}>
            <h1>{t("unsubscribeTitle")}</h1>
            <ErrorSummary state={state} />
          </Layout>,
          400,
        );
      }
      const userId = userFromUnsubscribeToken(app.config.sessionSecret, request.params.token);
      const done = userId ? await setEmailFrequency(app.db, userId, "never") : false;
      return reply.page(
        <Layout ctx={ctx} title={t("unsubscribeTitle")}>
          <h1>{t("unsubscribeTitle")}</h1>
          <p>{done ? t("unsubscribed") : t("unsubscribeInvalid")}</p>
        </Layout>,
        done ? 200 : 404,
      );
    },
  );
}
