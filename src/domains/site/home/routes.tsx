import type { FastifyInstance } from "fastify";
import { PublicHome } from "./views/public-home";
import { PersonalHomePage } from "./views/personal-home";
import { loadPersonalHome } from "./home-data";

const HOME_TTL_MS = 10 * 60_000;

/**
 * `/`: signed out, the public front page (one copy for every visitor); signed in, the person's
 * own work, kept per session until something it shows is announced.
 */
export async function homeRoutes(app: FastifyInstance) {
  app.get("/", { config: { access: "public" } }, async (request, reply) => {
    const actor = await request.actor();
    if (!actor) return reply.cachedPage((ctx) => <PublicHome ctx={ctx} />);
    // The lifetime is read once the page is built: it ends when the first listed meeting begins.
    const options = { ttlMs: HOME_TTL_MS };
    return reply.cachedPage(async (ctx, deps) => {
      const { home, ttlMs } = await loadPersonalHome(app, actor, deps);
      options.ttlMs = ttlMs;
      return <PersonalHomePage ctx={ctx} home={home} />;
    }, options);
  });
}
