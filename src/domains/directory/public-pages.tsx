import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { formFieldsOf, parseForm } from "../../platform/http/forms";
import { notFound } from "../../platform/http/problem";
import { can } from "../../platform/policy";
import { SchoolSearchQuery } from "./contracts";
import {
  countSchoolsByState,
  getOrganisation,
  getStateByCode,
  listAncestors,
  listChildren,
  listPartners,
  listStateInitiatives,
  searchSchools,
} from "./service";
import { DirectoryHome, PartnersPage, SchoolSearchPage, StatePage } from "./views/directory-pages";
import { OrganisationPage } from "./views/organisation-page";

const config = { access: "public" } as const;
/**
 * What directory pages show changes rarely: inserting organisations announces this tag (directory
 * migration 0003), changing or deleting them announces "*" (0002), and a person's teams come
 * with the viewer, on whom every signed-in cached page depends.
 */
const DIRECTORY = "directory:any";
const hidden = { hide: true };
/** Which page of a list: the links of the pagination, so anything else is a bad request. */
const PageOfList = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })) });
// Ids and codes as typed in an address bar: one that names nothing is a page not found (404).
const StatePath = Type.Object({ code: Type.String() });
const OrganisationPath = Type.Object({ id: Type.String() });
const SchoolSearchFields = formFieldsOf(SchoolSearchQuery);

/** The public directory: states, districts, schools, partners and every organisation's profile. */
export async function directoryPages(instance: FastifyInstance) {
  const pages = instance.withTypeProvider<TypeBoxTypeProvider>();
  const db = pages.db;
  // A state's page is read often and its row almost never changes: found without a query.
  const statesByCode = pages.caches.create<NonNullable<Awaited<ReturnType<typeof getStateByCode>>>>({
    maxEntries: 200,
  });
  const stateByCode = (code: string) =>
    statesByCode.load(code.toUpperCase(), async (deps) => {
      deps.add(DIRECTORY);
      return (await getStateByCode(db, code)) ?? null;
    });

  pages.get("/directory", { config, schema: hidden }, (_request, reply) =>
    reply.cachedPage(async (ctx, deps) => {
      deps.add(DIRECTORY);
      return <DirectoryHome ctx={ctx} counts={await countSchoolsByState(db)} />;
    }),
  );

  pages.get(
    "/directory/states/:code",
    { config, schema: { ...hidden, params: StatePath, querystring: PageOfList } },
    async (request, reply) => {
      const { code } = request.params;
      if (!/^[A-Za-z]{2}$/.test(code)) throw notFound();
      const state = await stateByCode(code);
      if (!state) throw notFound();
      if (code !== state.stateCode) return reply.redirect(`/directory/states/${state.stateCode}`, 301);
      return reply.cachedPage(async (ctx, deps) => {
        deps.add(DIRECTORY);
        const [districts, initiatives] = await Promise.all([
          listChildren(db, state.id, { kind: "district", page: request.query.page }),
          listStateInitiatives(db, state.stateCode!),
        ]);
        return <StatePage ctx={ctx} state={state} districts={districts} initiatives={initiatives} />;
      });
    },
  );

  pages.get(
    "/directory/schools",
    { config, schema: { ...hidden, querystring: SchoolSearchFields } },
    async (request, reply) => {
      const parsed = parseForm(SchoolSearchQuery, request.query);
      if (!parsed.ok) {
        const q = typeof parsed.values.q === "string" ? parsed.values.q.slice(0, 100) : "";
        const ctx = reply.pageContext();
        return reply.page(<SchoolSearchPage ctx={ctx} q={q} results={null} errors={parsed.errors} />, 400);
      }
      const { q = "", state, page } = parsed.value;
      return reply.cachedPage(async (ctx, deps) => {
        deps.add(DIRECTORY);
        if (!q.trim() && !state) return <SchoolSearchPage ctx={ctx} q="" results={null} />;
        const results = await searchSchools(db, { q, state, page });
        return <SchoolSearchPage ctx={ctx} q={q} state={state} results={results} />;
      });
    },
  );

  pages.get("/directory/partners", { config, schema: hidden }, (_request, reply) =>
    reply.cachedPage(async (ctx, deps) => {
      deps.add(DIRECTORY);
      const { partners, initiatives } = await listPartners(db);
      return <PartnersPage ctx={ctx} partners={partners} initiatives={initiatives} />;
    }),
  );

  pages.get(
    "/organisations/:id",
    { config, schema: { ...hidden, params: OrganisationPath, querystring: PageOfList } },
    async (request, reply) => {
      const { id } = request.params;
      const org = await getOrganisation(db, id);
      if (!org) throw notFound();
      const actor = await request.actor();
      return reply.cachedPage(async (ctx, deps) => {
        deps.add(DIRECTORY);
        const [ancestors, children] = await Promise.all([
          listAncestors(db, org),
          org.kind === "district"
            ? listChildren(db, org.id, { kind: "school", page: request.query.page })
            : null,
        ]);
        const isMember = !!actor?.memberships.some((m) => m.organisationId === org.id);
        return (
          <OrganisationPage
            ctx={ctx}
            org={org}
            ancestors={ancestors}
            children={children}
            access={{
              canSeeTeam: can(actor, "scope.readPrivate", org),
              isMember,
              canRequestJoin: can(actor, "scope.requestJoin", org),
              isAdmin: can(actor, "admin.manage"),
            }}
          />
        );
      });
    },
  );
}
