import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { ButtonForm, formFieldsOf, parseForm } from "../../../platform/http/forms";
import { JoinInput, SlugParams, WatchInput } from "../contracts";
import { requireActor } from "../api-shared";
import { joinCommunity, leaveCommunity, setCommunityWatch } from "./service";
import { communityBySlug, communityOf, readable } from "../route-params";
import { communityName } from "../service";
import { formProblem, tFor } from "../views/shared";

/** The buttons on a community's page: join (or ask to), leave, and how much to hear from it. */
export async function membershipPages(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    "/communities/:slug/join",
    {
      schema: { params: SlugParams, body: formFieldsOf(JoinInput) },
      config: { access: { action: "community.join", load: readable(communityBySlug) } },
    },
    async (request, reply) => {
      const actor = await requireActor(request);
      const view = communityOf(request);
      const t = tFor(request);
      const form = parseForm(JoinInput, request.body);
      const back = {
        label: communityName(view.community, request.locale),
        href: `/communities/${view.community.slug}`,
      };
      if (!form.ok)
        return formProblem(reply, {
          title: t("requestToJoin"),
          back,
          failed: form,
          labels: { message: t("requestMessage") },
        });
      const outcome = await joinCommunity(app.db, actor, view, form.value.message);
      reply.flash(
        "success",
        outcome === "requested"
          ? t("requested")
          : t("joined", { name: communityName(view.community, request.locale) }),
      );
      return reply.redirect(`/communities/${view.community.slug}`, 303);
    },
  );

  r.post(
    "/communities/:slug/leave",
    {
      schema: { params: SlugParams, body: ButtonForm },
      config: { access: { action: "community.membership", load: readable(communityBySlug) } },
    },
    async (request, reply) => {
      const actor = await requireActor(request);
      const view = communityOf(request);
      await leaveCommunity(app.db, actor, view);
      reply.flash("success", tFor(request)("left", { name: communityName(view.community, request.locale) }));
      // A private community disappears for someone who left it.
      return reply.redirect(
        view.community.visibility === "private" ? "/communities" : `/communities/${view.community.slug}`,
        303,
      );
    },
  );

  r.post(
    "/communities/:slug/watch",
    {
      schema: { params: SlugParams, body: formFieldsOf(WatchInput) },
      config: { access: { action: "community.membership", load: readable(communityBySlug) } },
    },
    async (request, reply) => {
      const actor = await requireActor(request);
      const view = communityOf(request);
      const t = tFor(request);
      const form = parseForm(WatchInput, request.body);
      const back = {
        label: communityName(view.community, request.locale),
        href: `/communities/${view.community.slug}`,
      };
      if (!form.ok)
        return formProblem(reply, {
          title: t("saveWatch"),
          back,
          failed: form,
          labels: { watch: t("watchLabel") },
        });
      await setCommunityWatch(app.db, view.community.id, actor.userId, form.value.watch);
      reply.flash("success", t("watchSaved"));
      return reply.redirect(`/communities/${view.community.slug}`, 303);
    },
  );
}
