import type { FastifyInstance } from "fastify";
import { type Catalog, translator } from "../../platform/i18n";
import type { PageContext } from "../../platform/ui/context";
import { Layout } from "../../platform/ui/layout";
import { listMembershipsOf, type MembershipSummary } from "../teams/service";

const hubCatalog: Catalog<{
  title: string;
  intro: string;
  thread: string;
  signIn: string;
  plansHeading: string;
  plansIntro: string;
  noTeams: string;
  findTeam: string;
  teamPlans: string;
  networksHeading: string;
  networksIntro: string;
  networksLink: string;
  assistanceHeading: string;
  assistanceIntro: string;
  assistanceLink: string;
}> = {
  en: {
    title: "Improve",
    intro:
      "Turn a low domain score into a plan, test change ideas in short PDSA cycles, and watch the measure move on a run chart until the next assessment shows it.",
    thread:
      "Start from a report's priority areas (or from scratch), write an aim and an action plan, build a driver diagram, run PDSA cycles on its change ideas and chart the measures that tell you whether the changes are improvements.",
    signIn: "Sign in to see your teams' plans, networks and technical assistance.",
    plansHeading: "Your teams' plans",
    plansIntro: "Each team's improvement plans, driver diagrams, PDSA cycles and measures.",
    noTeams: "You are not on a school, district or state team yet.",
    findTeam: "Find your team in the directory",
    teamPlans: "Plans of {team}",
    networksHeading: "Improvement networks",
    networksIntro:
      "Collaborative improvement networks and learning collaboratives: shared measures reported by every member team, a network dashboard and a change package of what worked.",
    networksLink: "Your improvement networks",
    assistanceHeading: "Technical assistance",
    assistanceIntro:
      "Ask your state's technical assistance coordinators for help with a domain or another topic, and follow the episode from request to closing.",
    assistanceLink: "Technical assistance",
  },
  es: {
    title: "Mejorar",
    intro:
      "Convierta un puntaje bajo de un dominio en un plan, pruebe ideas de cambio en ciclos PDSA cortos y vea cómo se mueve la medida en un gráfico de ejecución hasta que la próxima evaluación lo muestre.",
    thread:
      "Comience desde las áreas prioritarias de un informe (o desde cero), escriba un objetivo y un plan de acción, construya un diagrama de factores, realice ciclos PDSA con sus ideas de cambio y grafique las medidas que indican si los cambios son mejoras.",
    signIn: "Inicie sesión para ver los planes, las redes y la asistencia técnica de sus equipos.",
    plansHeading: "Planes de sus equipos",
    plansIntro: "Los planes de mejora, diagramas de factores, ciclos PDSA y medidas de cada equipo.",
    noTeams: "Todavía no forma parte de un equipo escolar, distrital o estatal.",
    findTeam: "Busque su equipo en el directorio",
    teamPlans: "Planes de {team}",
    networksHeading: "Redes de mejora",
    networksIntro:
      "Redes de mejora colaborativa y colaborativos de aprendizaje: medidas compartidas que informa cada equipo miembro, un tablero de la red y un paquete de cambios con lo que funcionó.",
    networksLink: "Sus redes de mejora",
    assistanceHeading: "Asistencia técnica",
    assistanceIntro:
      "Pida ayuda a los coordinadores de asistencia técnica de su estado con un dominio u otro tema, y siga el episodio desde la solicitud hasta el cierre.",
    assistanceLink: "Asistencia técnica",
  },
};

/** The way into the improvement work: what it is, and for a signed-in person, where theirs is. */
function ImprovementHub({ ctx, teams }: { ctx: PageContext; teams: MembershipSummary[] | null }) {
  const t = translator(hubCatalog, ctx.locale);
  return (
    <Layout ctx={ctx} title={t("title")}>
      <h1>{t("title")}</h1>
      <p class="usa-intro">{t("intro")}</p>
      <p>{t("thread")}</p>
      {teams === null ? (
        <p>
          <a class="usa-button" href="/sign-in?next=%2Fimprovement">
            {t("signIn")}
          </a>
        </p>
      ) : (
        <>
          <h2>{t("plansHeading")}</h2>
          <p>{t("plansIntro")}</p>
          {teams.length === 0 ? (
            <p>
              {t("noTeams")} <a href="/directory">{t("findTeam")}</a>
            </p>
          ) : (
            <ul class="usa-list">
              {teams.map((m) => (
                <li>
                  <a href={`/improvement/teams/${m.organisationId}`}>
                    {t("teamPlans", { team: m.organisationName })}
                  </a>
                </li>
              ))}
            </ul>
          )}
          <h2>{t("networksHeading")}</h2>
          <p>{t("networksIntro")}</p>
          <p>
            <a href="/networks">{t("networksLink")}</a>
          </p>
          <h2>{t("assistanceHeading")}</h2>
          <p>{t("assistanceIntro")}</p>
          <p>
            <a href="/assistance">{t("assistanceLink")}</a>
          </p>
        </>
      )}
    </Layout>
  );
}

export async function hubRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    "/improvement",
    { config: { access: "public" }, schema: { hide: true } },
    async (request, reply) => {
      const actor = await request.actor();
      const teams = actor ? await listMembershipsOf(app.db, actor.userId) : null;
      return reply.page(<ImprovementHub ctx={reply.pageContext()} teams={teams} />);
    },
  );
}
