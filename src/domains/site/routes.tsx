import { asc, eq } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import { communityTags } from "../communities/cache-tags";
import { isReachable } from "../../platform/db/client";
import { pageRoutes } from "../../platform/http/web";
import { translator } from "../../platform/i18n";
import { Layout } from "../../platform/ui/layout";
import { communities } from "../communities/schema";
import apiDocsRoutes from "./api-docs";
import { homeRoutes } from "./home/routes";
import { siteCatalog } from "./messages";

async function practiceGroups(app: FastifyInstance) {
  return app.db
    .select()
    .from(communities)
    .where(eq(communities.kind, "practice_group"))
    .orderBy(asc(communities.nameEn));
}

/** Everything here is public: the site's front pages, health checks and the practice-group list. */
const open = { access: "public" } as const;

export default async function siteRoutes(app: FastifyInstance) {
  await app.register(apiDocsRoutes);
  app.get("/healthz", { schema: { hide: true }, config: open }, async () => ({ status: "ok" }));
  app.get("/readyz", { schema: { hide: true }, config: open }, async (_request, reply) => {
    const ok = await isReachable(app.db);
    return reply.status(ok ? 200 : 503).send({ status: ok ? "ready" : "database unreachable" });
  });

  await app.register(
    pageRoutes(async (pages) => {
      await homeRoutes(pages);

      pages.get("/practice-groups", { config: open }, async (_request, reply) =>
        reply.cachedPage(async (ctx, deps) => {
          const t = translator(siteCatalog, ctx.locale);
          deps.add(communityTags.anyCommunity);
          const groups = await practiceGroups(app);
          return (
            <Layout
              ctx={ctx}
              title={t("groupsTitle")}
              breadcrumbs={[{ label: t("home"), href: "/" }, { label: t("groupsTitle") }]}
            >
              <h1>{t("groupsTitle")}</h1>
              <p class="usa-intro">{t("groupsIntro", { count: groups.length })}</p>
              <ul class="usa-list usa-list--unstyled">
                {groups.map((g) => (
                  <li class="margin-bottom-3">
                    <h2 class="margin-bottom-05 font-heading-md">
                      <a href={`/communities/${g.slug}`}>{ctx.locale === "es" ? g.nameEs : g.nameEn}</a>
                    </h2>
                    <p class="margin-top-0">{ctx.locale === "es" ? g.purposeEs : g.purposeEn}</p>
                  </li>
                ))}
              </ul>
            </Layout>
          );
        }),
      );

      for (const key of ["accessibility", "privacy"] as const) {
        pages.get(`/${key}`, { config: open }, async (_request, reply) =>
          reply.cachedPage((ctx) => {
            const t = translator(siteCatalog, ctx.locale);
            return (
              <Layout
                ctx={ctx}
                title={t(`${key}Title`)}
                breadcrumbs={[{ label: t("home"), href: "/" }, { label: t(`${key}Title`) }]}
              >
                <h1>{t(`${key}Title`)}</h1>
                <p class="usa-intro">{t(`${key}Body`)}</p>
              </Layout>
            );
          }),
        );
      }
    }),
  );

  app.get(
    "/api/v1/practice-groups",
    {
      config: open,
      schema: { tags: ["communities"], summary: "The 12 national practice groups", security: [] },
    },
    async () => {
      const groups = await practiceGroups(app);
      return {
        items: groups.map((g) => ({
          slug: g.slug,
          name: { en: g.nameEn, es: g.nameEs },
          purpose: { en: g.purposeEn, es: g.purposeEs },
        })),
      };
    },
  );
}
