import type { FastifyInstance } from "fastify";
import { parseForm } from "../../platform/http/forms";
import { JoinInput, SlugParams, WatchInput } from "./contracts";
import { joinCommunity, leaveCommunity, setCommunityWatch } from "./membership";
import { communityName } from "./service";
import { communityInPath } from "./route-params";
import { redirectToSignIn, tFor } from "./views/shared";

/** The buttons on a community's page: join (or ask to), leave, and how much to hear from it. */
export async function membershipPages(app: FastifyInstance) {
  app.post("/communities/:slug/join", { schema: { params: SlugParams } }, async (request, reply) => {
    const actor = await request.actor();
    if (!actor) return redirectToSignIn(request, reply);
    const view = await communityInPath(app, request, actor);
    const t = tFor(request);
    const form = parseForm(JoinInput, request.body);
    const outcome = await joinCommunity(app.db, actor, view, form.ok ? form.value.message : undefined);
    reply.flash(
      "success",
      outcome === "requested"
        ? t("requested")
        : t("joined", { name: communityName(view.community, request.locale) }),
    );
    return reply.redirect(`/communities/${view.community.slug}`, 303);
  });

  app.post("/communities/:slug/leave", { schema: { params: SlugParams } }, async (request, reply) => {
    const actor = await request.actor();
    if (!actor) return redirectToSignIn(request, reply);
    const view = await communityInPath(app, request, actor);
    await leaveCommunity(app.db, actor, view);
    reply.flash("success", tFor(request)("left", { name: communityName(view.community, request.locale) }));
    // A private community disappears for someone who left it.
    return reply.redirect(
      view.community.visibility === "private" ? "/communities" : `/communities/${view.community.slug}`,
      303,
    );
  });

  app.post("/communities/:slug/watch", { schema: { params: SlugParams } }, async (request, reply) => {
    const actor = await request.actor();
    if (!actor) return redirectToSignIn(request, reply);
    const view = await communityInPath(app, request, actor);
    const form = parseForm(WatchInput, request.body);
    if (form.ok && view.role) {
      await setCommunityWatch(app.db, view.community.id, actor.userId, form.value.watch);
      reply.flash("success", tFor(request)("watchSaved"));
    }
    return reply.redirect(`/communities/${view.community.slug}`, 303);
  });
}
