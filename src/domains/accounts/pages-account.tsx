import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { formFieldsOf } from "../../platform/http/forms";
import { notFound } from "../../platform/http/problem";
import { pageRoutes, setLanguageCookie } from "../../platform/http/web";
import { translator } from "../../platform/i18n";
import { requireViewer } from "./http";
import { accountsCatalog } from "./messages";
import { accountOverviews } from "./overview";
import { fieldError, parse } from "./pages";
import { passwordProblemText } from "./http";
import { ButtonForm, ChangePasswordBody, CreateTokenBody, OwnRowParams, ProfileForm } from "./schema";
import * as accounts from "./service";
import { AccountPage, PasswordPage, ProfilePage, TokensPage } from "./views/account";

const SESSION_ID = /^[0-9a-f]{64}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The signed-in person's own pages: details, language, password, sessions, tokens, calendar links. */
export function accountSettingsPages(app: FastifyInstance) {
  const overviewOf = accountOverviews(app.db, app.caches);
  const own = { access: "signedIn" } as const;

  /** The account page, from the cache unless `created` (a new calendar link shown once) is given. */
  const accountPage = async (request: FastifyRequest, reply: FastifyReply, createdFeed?: string) => {
    const viewer = requireViewer(request);
    const build = async (ctx: ReturnType<FastifyReply["pageContext"]>) => {
      const overview = await overviewOf(viewer.id);
      if (!overview) {
        reply.redirect("/sign-in", 303);
        return null;
      }
      return (
        <AccountPage
          ctx={ctx}
          user={overview.user}
          memberships={overview.memberships}
          sessions={accounts.markCurrentSession(overview.sessions, request.sessionToken)}
          tokenCount={overview.tokenCount}
          feeds={overview.feeds}
          createdFeed={createdFeed}
        />
      );
    };
    if (!createdFeed) return reply.cachedPage(build);
    const tree = await build(reply.pageContext());
    return tree ? reply.page(tree) : reply;
  };

  return pageRoutes(async (instance) => {
    const pages = instance.withTypeProvider<TypeBoxTypeProvider>();

    pages.get("/account", { config: own }, (request, reply) => accountPage(request, reply));

    pages.post(
      "/account/resend-verification",
      { schema: { body: ButtonForm }, config: own },
      async (request, reply) => {
        const viewer = requireViewer(request);
        const t = translator(accountsCatalog, request.locale);
        const result = await accounts.resendVerification(app.db, viewer.id, {
          publicUrl: app.config.publicUrl,
        });
        if (result.ok) reply.flash("success", t("resentFlash"));
        else if (result.reason === "throttled") reply.flash("error", t("resendThrottled"));
        else reply.flash("info", t("alreadyVerifiedFlash"));
        return reply.redirect("/account", 303);
      },
    );

    // --- Details and language ---------------------------------------------------------------
    pages.get("/account/profile", { config: own }, async (request, reply) => {
      const user = await accounts.getAccount(app.db, requireViewer(request).id);
      if (!user) return reply.redirect("/sign-in", 303);
      const values = {
        name: user.name,
        stateCode: user.stateCode ?? "",
        stakeholderRole: user.stakeholderRole,
        locale: user.locale,
      };
      return reply.page(<ProfilePage ctx={reply.pageContext()} form={{ values }} />);
    });

    pages.post(
      "/account/profile",
      { schema: { body: formFieldsOf(ProfileForm) }, config: own },
      async (request, reply) => {
        const viewer = requireViewer(request);
        const t = translator(accountsCatalog, request.locale);
        const form = parse(t, ProfileForm, request.body);
        if (!form.ok) return reply.page(<ProfilePage ctx={reply.pageContext()} form={form} />, 400);
        await accounts.updateProfile(app.db, viewer.id, form.value);
        // One language setting: this browser reads in the language just saved on the account.
        setLanguageCookie(request, reply, form.value.locale);
        reply.flash("success", translator(accountsCatalog, form.value.locale)("profileSaved"));
        return reply.redirect("/account", 303);
      },
    );

    // --- Password ---------------------------------------------------------------------------
    pages.get("/account/password", { config: own }, async (_request, reply) =>
      reply.page(<PasswordPage ctx={reply.pageContext()} />),
    );

    pages.post(
      "/account/password",
      { schema: { body: formFieldsOf(ChangePasswordBody) }, config: own },
      async (request, reply) => {
        const viewer = requireViewer(request);
        const t = translator(accountsCatalog, request.locale);
        const form = parse(t, ChangePasswordBody, request.body);
        if (!form.ok)
          return reply.page(<PasswordPage ctx={reply.pageContext()} form={{ errors: form.errors }} />, 400);
        const result = await accounts.changePassword(app.db, viewer.id, form.value, request.sessionToken);
        if (!result.ok) {
          if (result.reason === "throttled") {
            return reply.page(<PasswordPage ctx={reply.pageContext()} error={t("passwordThrottled")} />, 429);
          }
          const failed =
            "problem" in result
              ? fieldError({}, "newPassword", passwordProblemText(t, result.problem))
              : fieldError({}, "currentPassword", t("wrongCurrentPassword"));
          return reply.page(<PasswordPage ctx={reply.pageContext()} form={failed} />, 400);
        }
        reply.flash("success", t("passwordChanged"));
        return reply.redirect("/account", 303);
      },
    );

    // --- Sessions ---------------------------------------------------------------------------
    pages.post(
      "/account/sessions/end-others",
      { schema: { body: ButtonForm }, config: own },
      async (request, reply) => {
        const viewer = requireViewer(request);
        const t = translator(accountsCatalog, request.locale);
        const ended = await accounts.endOtherSessions(app.db, viewer.id, request.sessionToken);
        reply.flash("success", t(ended.feedLinksRevoked > 0 ? "othersEndedFeeds" : "othersEnded"));
        return reply.redirect("/account", 303);
      },
    );

    pages.post(
      "/account/sessions/:id/end",
      { schema: { params: OwnRowParams, body: ButtonForm }, config: own },
      async (request, reply) => {
        const viewer = requireViewer(request);
        const t = translator(accountsCatalog, request.locale);
        const { id } = request.params;
        // Someone else's session (or one already ended) is nothing this person may know about.
        if (!SESSION_ID.test(id) || !(await accounts.endOneSession(app.db, viewer.id, id))) throw notFound();
        reply.flash("success", t("sessionEnded"));
        return reply.redirect("/account", 303);
      },
    );

    // --- Calendar links ---------------------------------------------------------------------
    pages.post("/account/feeds", { schema: { body: ButtonForm }, config: own }, async (request, reply) => {
      const viewer = requireViewer(request);
      const created = await accounts.createFeedLink(app.db, viewer.id, app.config.publicUrl);
      // Shown in this response only: never stored, never put in a cookie or a redirect.
      return accountPage(request, reply, created.url);
    });

    pages.post(
      "/account/feeds/:id/revoke",
      { schema: { params: OwnRowParams, body: ButtonForm }, config: own },
      async (request, reply) => {
        const viewer = requireViewer(request);
        const t = translator(accountsCatalog, request.locale);
        const { id } = request.params;
        if (!(await accounts.revokeFeedLink(app.db, viewer.id, id))) throw notFound();
        reply.flash("success", t("feedRevoked"));
        return reply.redirect("/account#calendar-links", 303);
      },
    );

    // --- Access tokens ----------------------------------------------------------------------
    pages.get("/account/tokens", { config: own }, async (request, reply) => {
      const tokens = await accounts.listAccessTokens(app.db, requireViewer(request).id);
      return reply.page(<TokensPage ctx={reply.pageContext()} tokens={tokens} />);
    });

    pages.post(
      "/account/tokens",
      { schema: { body: formFieldsOf(CreateTokenBody) }, config: own },
      async (request, reply) => {
        const viewer = requireViewer(request);
        const t = translator(accountsCatalog, request.locale);
        const form = parse(t, CreateTokenBody, request.body, "errTokenName");
        if (!form.ok) {
          const tokens = await accounts.listAccessTokens(app.db, viewer.id);
          return reply.page(<TokensPage ctx={reply.pageContext()} tokens={tokens} form={form} />, 400);
        }
        const created = await accounts.createAccessToken(app.db, viewer.id, form.value.name);
        const tokens = await accounts.listAccessTokens(app.db, viewer.id);
        // Shown in this response only: never stored, never put in a cookie or a redirect.
        return reply.page(<TokensPage ctx={reply.pageContext()} tokens={tokens} created={created} />);
      },
    );

    pages.post(
      "/account/tokens/:id/revoke",
      { schema: { params: OwnRowParams, body: ButtonForm }, config: own },
      async (request, reply) => {
        const viewer = requireViewer(request);
        const t = translator(accountsCatalog, request.locale);
        const { id } = request.params;
        if (!UUID.test(id) || !(await accounts.revokeAccessToken(app.db, viewer.id, id))) throw notFound();
        reply.flash("success", t("tokenRevoked"));
        return reply.redirect("/account/tokens", 303);
      },
    );
  });
}
