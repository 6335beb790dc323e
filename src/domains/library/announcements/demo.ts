import { inArray } from "drizzle-orm";
import { users } from "../../../platform/auth/schema";
import type { Db } from "../../../platform/db/client";
import { findVisibleCommunity } from "../../communities/service";
import { getNation, getStateByCode } from "../../directory/service";
import { announcementItems } from "./schema";
import { recordPastDelivery } from "./service";

const DAY = 86_400_000;

/**
 * Three past announcements for the archive: the national team's, Maryland's team's and the
 * Families in Partnership practice group's (members only). Written by demo accounts, so their
 * pages say they are demo data; their audiences are worked out as a real send would, without
 * emailing anyone, so the reach figures have something to count.
 */
export async function seedAnnouncementsDemo(db: Db): Promise<void> {
  const [existing] = await db.select({ id: announcementItems.id }).from(announcementItems).limit(1);
  if (existing) return;
  const authors = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(
      inArray(users.email, [
        "admin@demo.smhcommons.org",
        "state.lead@demo.smhcommons.org",
        "family@demo.smhcommons.org",
      ]),
    );
  const author = (email: string) => authors.find((a) => a.email === email)?.id;
  const nation = await getNation(db);
  const maryland = await getStateByCode(db, "MD");
  const families = await findVisibleCommunity(db, "families-in-partnership", null);
  const admin = author("admin@demo.smhcommons.org");
  const stateLead = author("state.lead@demo.smhcommons.org");
  const family = author("family@demo.smhcommons.org");
  const now = Date.now();

  const send = async (values: typeof announcementItems.$inferInsert, daysAgo: number) => {
    const [row] = await db.insert(announcementItems).values(values).returning();
    await recordPastDelivery(db, row!.id, new Date(now - daysAgo * DAY));
  };
  if (nation && admin)
    await send(
      {
        senderOrganisationId: nation.id,
        createdBy: admin,
        sentBy: admin,
        titleEn: "Take part in this year's census and quality assessment",
        titleEs: "Participe este año en el censo y la evaluación de calidad",
        bodyEn:
          "Each school year, school and district teams fill in the **census profile** and the **quality assessment**. " +
          "Teams who do it together, with families and youth, get the most from their report.\n\n" +
          "- Start from your team's page under *Measures*.\n- Expect low scores the first time: they are a starting point.",
        bodyEs:
          "Cada año escolar, los equipos de escuelas y distritos completan el **perfil del censo** y la **evaluación de calidad**. " +
          "Los equipos que lo hacen juntos, con familias y jóvenes, aprovechan más su informe.\n\n" +
          "- Empiece desde la página de su equipo en *Medidas*.\n- Es normal obtener puntajes bajos la primera vez: son un punto de partida.",
      },
      75,
    );
  if (maryland && stateLead)
    await send(
      {
        senderOrganisationId: maryland.id,
        createdBy: stateLead,
        sentBy: stateLead,
        stateCodes: ["MD"],
        stakeholderRoles: ["educator", "school_mh_professional", "school_administrator"],
        titleEn: "Maryland: screening practices webinar for school teams",
        bodyEn:
          "Our state community of practice meets online to compare how schools screen for mental health needs " +
          "and follow up. Bring one question from your team; the recording will be shared in the community.",
      },
      40,
    );
  if (families && family)
    await send(
      {
        senderCommunityId: families.community.id,
        communityIds: [families.community.id],
        communityOnly: true,
        createdBy: family,
        sentBy: family,
        titleEn: "Families in Partnership: our next call",
        titleEs: "Familias en Alianza: nuestra próxima llamada",
        bodyEn:
          "Our group meets by call every two months. This time: how families can take part in their school's " +
          "quality assessment. Reply in the group's discussion with topics you would like to add.",
        bodyEs:
          "Nuestro grupo se reúne por llamada cada dos meses. Esta vez: cómo pueden participar las familias en la " +
          "evaluación de calidad de su escuela. Responda en la conversación del grupo con los temas que quiera sumar.",
      },
      18,
    );
}
