import type { FastifyInstance } from "fastify";
import { parseForm } from "../../platform/http/forms";
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

/** A page number from the query string; anything odd means the first page. */
export function pageParam(query: unknown): number {
  const raw = (query as Record<string, unknown> | undefined)?.page;
  const n = typeof raw === "string" ? Number.parseInt(raw, 10) : Number.NaN;
  return Number.isFinite(n) && n >= 1 && n <= 100000 ? n : 1;
}

/** The public directory: states, districts, schools, partners and every organisation's profile. */
export async function directoryPages(pages: FastifyInstance) {
  const db = pages.db;

  pages.get("/directory", async (_request, reply) => {
    const counts = await countSchoolsByState(db);
    return reply.page(<DirectoryHome ctx={reply.pageContext()} counts={counts} />);
  });

  pages.get("/directory/states/:code", async (request, reply) => {
    const { code } = request.params as { code: string };
    if (!/^[A-Za-z]{2}$/.test(code)) throw notFound();
    const state = await getStateByCode(db, code);
    if (!state) throw notFound();
    if (code !== state.stateCode) return reply.redirect(`/directory/states/${state.stateCode}`, 301);
    const [districts, initiatives] = await Promise.all([
      listChildren(db, state.id, { kind: "district", page: pageParam(request.query) }),
      listStateInitiatives(db, state.stateCode!),
    ]);
    return reply.page(
      <StatePage ctx={reply.pageContext()} state={state} districts={districts} initiatives={initiatives} />,
    );
  });

  pages.get("/directory/schools", async (request, reply) => {
    const ctx = reply.pageContext();
    const parsed = parseForm(SchoolSearchQuery, request.query);
    if (!parsed.ok) {
      const q = typeof parsed.values.q === "string" ? parsed.values.q.slice(0, 100) : "";
      return reply.page(<SchoolSearchPage ctx={ctx} q={q} results={null} errors={parsed.errors} />, 400);
    }
    const { q = "", state, page } = parsed.value;
    if (!q.trim() && !state) return reply.page(<SchoolSearchPage ctx={ctx} q="" results={null} />);
    const results = await searchSchools(db, { q, state, page });
    return reply.page(<SchoolSearchPage ctx={ctx} q={q} state={state} results={results} />);
  });

  pages.get("/directory/partners", async (_request, reply) => {
    const { partners, initiatives } = await listPartners(db);
    return reply.page(
      <PartnersPage ctx={reply.pageContext()} partners={partners} initiatives={initiatives} />,
    );
  });

  pages.get("/organisations/:id", async (request, reply) => {
    const { id } = request.params as { id: string };
    const org = await getOrganisation(db, id);
    if (!org) throw notFound();
    const actor = await request.actor();
    const [ancestors, children] = await Promise.all([
      listAncestors(db, org),
      org.kind === "district"
        ? listChildren(db, org.id, { kind: "school", page: pageParam(request.query) })
        : null,
    ]);
    const isMember = !!actor?.memberships.some((m) => m.organisationId === org.id);
    return reply.page(
      <OrganisationPage
        ctx={reply.pageContext()}
        org={org}
        ancestors={ancestors}
        children={children}
        access={{
          canSeeTeam: can(actor, "scope.readPrivate", org),
          isMember,
          canRequestJoin: can(actor, "scope.requestJoin", org),
          isAdmin: can(actor, "admin.manage"),
        }}
      />,
    );
  });
}
