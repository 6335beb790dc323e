import { eq, sql } from "drizzle-orm";
import { users } from "../../platform/auth/schema";
import type { Db } from "../../platform/db/client";
import { queryRows } from "../../platform/db/client";
import { buildUser } from "../../seed/factories";
import { DEMO_PASSWORD } from "../../seed/demo";
import { renderMarkdown } from "./discussions/markdown";
import { zonedTimeToUtc } from "./meetings/service";
import { communities } from "./schema";
import { agendaItems, agendaItemTopics, meetings } from "./agenda/schema";
import { postLikes, posts, topics, topicWatches } from "./discussions/schema";
import { addMember } from "./membership/service";
import { ensureProfile } from "./people/service";

interface DemoPerson {
  id: string;
  name: string;
  stakeholderRole: string;
  email: string;
}

async function demoPeople(db: Db): Promise<DemoPerson[]> {
  return queryRows<DemoPerson>(
    db,
    sql`select id, name, stakeholder_role as "stakeholderRole", email from users where is_demo and disabled_at is null order by created_at, email`,
  );
}

/** The demo person of a stakeholder type, made here if the accounts seed did not make one. */
async function personOf(
  db: Db,
  people: DemoPerson[],
  role: "family_member" | "youth",
  fallback: { email: string; name: string },
) {
  const found = people.find((p) => p.stakeholderRole === role);
  if (found) return found;
  const [existing] = await db.select().from(users).where(eq(users.email, fallback.email));
  const user =
    existing ??
    (await buildUser(db, { ...fallback, stakeholderRole: role, isDemo: true, password: DEMO_PASSWORD }));
  const person = { id: user.id, name: user.name, stakeholderRole: role, email: user.email };
  people.push(person);
  return person;
}

const DEMO_COMMUNITIES: (typeof communities.$inferInsert)[] = [
  {
    slug: "demo-maryland-cop",
    kind: "state_cop",
    level: "state",
    stateCode: "MD",
    nameEn: "Maryland School Mental Health Community of Practice (demo)",
    nameEs: "Comunidad de práctica de salud mental escolar de Maryland (demo)",
    purposeEn:
      "A demo state community where district and school teams compare notes on building their systems.",
    purposeEs:
      "Una comunidad estatal de demostración donde equipos de distritos y escuelas comparan experiencias al construir sus sistemas.",
    topics: ["screening", "funding", "workforce"],
  },
  {
    slug: "demo-ohio-coalition",
    kind: "state_coalition",
    level: "state",
    stateCode: "OH",
    nameEn: "Ohio Coalition for Student Wellbeing (demo)",
    nameEs: "Coalición de Ohio por el bienestar estudiantil (demo)",
    purposeEn: "A demo coalition of agencies, families and schools; members join by request.",
    purposeEs: "Una coalición de demostración de agencias, familias y escuelas; se ingresa por solicitud.",
    joinPolicy: "request",
    topics: ["policy", "family_partnership"],
  },
  {
    slug: "demo-screening-coiin",
    kind: "improvement_network",
    level: "national",
    nameEn: "Universal Screening Improvement Network (demo CoIIN)",
    nameEs: "Red de mejora de la evaluación universal (CoIIN de demostración)",
    purposeEn:
      "A private demo improvement network: teams test changes to their screening process in short cycles and share results.",
    purposeEs:
      "Una red de mejora privada de demostración: los equipos prueban cambios en su evaluación en ciclos cortos y comparten resultados.",
    visibility: "private",
    joinPolicy: "invite",
    topics: ["screening", "evidence_based_practice"],
  },
];

async function addTopic(
  db: Db,
  communityId: string,
  author: DemoPerson,
  title: string,
  replies: { by: DemoPerson; body: string }[],
  firstBody: string,
) {
  const [topic] = await db.insert(topics).values({ communityId, authorId: author.id, title }).returning();
  const base = Date.now() - (replies.length + 2) * 3600_000;
  const all = [{ by: author, body: firstBody }, ...replies];
  const ids: string[] = [];
  for (const [i, p] of all.entries()) {
    const [row] = await db
      .insert(posts)
      .values({
        topicId: topic!.id,
        communityId,
        authorId: p.by.id,
        bodyMarkdown: p.body,
        bodyHtml: renderMarkdown(p.body),
        createdAt: new Date(base + i * 3600_000),
      })
      .returning({ id: posts.id });
    ids.push(row!.id);
  }
  await db
    .update(topics)
    .set({
      replyCount: replies.length,
      lastPostAt: new Date(base + replies.length * 3600_000),
      createdAt: new Date(base),
    })
    .where(eq(topics.id, topic!.id));
  await db
    .insert(topicWatches)
    .values({ topicId: topic!.id, userId: author.id, level: "following" })
    .onConflictDoNothing();
  return { topicId: topic!.id, postIds: ids };
}

/**
 * Demo communities, topics and posts. Runs after the accounts and teams seeds have made the
 * demo people (found by is_demo); the families group is led by the demo family member and
 * the youth group by the demo youth, as the real groups are.
 */
export async function seedCommunitiesDemo(db: Db): Promise<void> {
  const [already] = await db
    .select({ id: communities.id })
    .from(communities)
    .where(eq(communities.slug, "demo-maryland-cop"));
  if (already) return;
  const people = await demoPeople(db);
  const family = await personOf(db, people, "family_member", {
    email: "family@demo.smhcommons.org",
    name: "Fatima Family",
  });
  const youth = await personOf(db, people, "youth", {
    email: "youth@demo.smhcommons.org",
    name: "Yusuf Youth",
  });
  const others = people.filter((p) => p.id !== family.id && p.id !== youth.id);
  const stateLead = others.find((p) => p.email.startsWith("state.lead")) ?? others[0] ?? family;
  const clinician = others.find((p) => p.stakeholderRole === "school_mh_professional") ?? stateLead;
  const educator = others.find((p) => p.stakeholderRole === "educator") ?? clinician;
  for (const p of people) await ensureProfile(db, p.id);

  const groups = await db.select().from(communities).where(eq(communities.kind, "practice_group"));
  const group = (slug: string) => groups.find((g) => g.slug === slug)!;
  const familiesGroup = group("families-in-partnership");
  const youthGroup = group("youth-leadership");
  await addMember(db, familiesGroup.id, family.id, "lead");
  await addMember(db, youthGroup.id, youth.id, "lead");
  for (const p of people) {
    await addMember(db, familiesGroup.id, p.id);
    if (p.id !== family.id) await addMember(db, youthGroup.id, p.id);
  }
  await addMember(db, group("quality-evidence-based-practice").id, clinician.id, "lead");

  const created = await db.insert(communities).values(DEMO_COMMUNITIES).returning();
  const bySlug = (slug: string) => created.find((c) => c.slug === slug)!;
  const maryland = bySlug("demo-maryland-cop");
  const coiin = bySlug("demo-screening-coiin");
  await addMember(db, maryland.id, stateLead.id, "lead");
  for (const p of [clinician, educator, family]) await addMember(db, maryland.id, p.id);
  await addMember(db, bySlug("demo-ohio-coalition").id, family.id, "lead");
  await addMember(db, coiin.id, clinician.id, "lead");
  await addMember(db, coiin.id, stateLead.id);

  const handle = async (p: DemoPerson) => ensureProfile(db, p.id);
  const familyTopic = await addTopic(
    db,
    familiesGroup.id,
    family,
    "How does your school invite families onto its mental health team?",
    [
      {
        by: educator,
        body: "Our team saves two seats for parents and meets in the evening so working parents can come. We also offer childcare.",
      },
      {
        by: youth,
        body: `Students should be asked too! @${await handle(family)}, could the youth group join one of your calls?`,
      },
    ],
    "We want families at the table **from the start**, not only when a plan is finished.\n\nWhat has worked for you?\n\n- evening meetings\n- interpreters\n- paying families for their time",
  );
  await addTopic(
    db,
    youthGroup.id,
    youth,
    "Ideas for a student-led wellness week",
    [
      {
        by: family,
        body: "Love this. A parent night during the week could help families learn the same coping skills.",
      },
    ],
    "Last year our student council ran a wellness week. Here is what we learned:\n\n1. Ask students what they need first\n2. Keep it fun\n3. Tell everyone where to get help\n\n> Nothing about us without us.",
  );
  await addTopic(
    db,
    maryland.id,
    stateLead,
    "Sharing screening consent forms across districts",
    [
      {
        by: clinician,
        body: `Our district's form is in plain language and Spanish. @${await handle(stateLead)} I can share it at the next meeting.`,
      },
    ],
    "Several districts asked for examples of consent forms for universal screening. Please share yours (no student information, of course).",
  );
  await addTopic(
    db,
    coiin.id,
    clinician,
    "PDSA cycle 1 results: screening completion",
    [],
    "Our first cycle raised screening completion in grade 6 from 62% to 81% by moving the screener into advisory period.",
  );
  await db
    .insert(postLikes)
    .values({ postId: familyTopic.postIds[0]!, userId: educator.id })
    .onConflictDoNothing();
  await db.update(posts).set({ likeCount: 1 }).where(eq(posts.id, familyTopic.postIds[0]!));

  const [familyItem] = await db
    .insert(agendaItems)
    .values([
      {
        communityId: familiesGroup.id,
        title: "Family members on every state and district team",
        description: "Make family seats on teams the norm and support the people who fill them.",
        priority: "high",
        status: "active",
        ownerId: family.id,
      },
      {
        communityId: youthGroup.id,
        title: "A youth voice toolkit for school mental health teams",
        priority: "medium",
        status: "proposed",
        ownerId: youth.id,
      },
      {
        communityId: group("quality-evidence-based-practice").id,
        title: "Plain-language summaries of evidence-based programmes",
        priority: "medium",
        status: "active",
        ownerId: clinician.id,
      },
      {
        communityId: group("culturally-diverse-youth").id,
        title: "Screening tools checked for cultural fit",
        priority: "high",
        status: "proposed",
      },
    ])
    .returning();
  await db.insert(agendaItemTopics).values({ agendaItemId: familyItem!.id, topicId: familyTopic.topicId });

  const nextMonth = new Date(Date.now() + 30 * 86400_000);
  const local = `${nextMonth.toISOString().slice(0, 10)}T15:00`;
  await db.insert(meetings).values([
    {
      communityId: maryland.id,
      title: "Maryland CoP monthly call",
      startsAt: zonedTimeToUtc(local, "America/New_York"),
      timeZone: "America/New_York",
      durationMinutes: 60,
      onlineUrl: "https://meet.example.org/maryland-cop",
      agenda: "1. Screening consent forms\n2. Funding updates\n3. Open discussion",
      createdBy: stateLead.id,
    },
    {
      communityId: familiesGroup.id,
      title: "Families practice group: evening check-in",
      startsAt: zonedTimeToUtc(local.replace("T15:00", "T19:00"), "America/Chicago"),
      timeZone: "America/Chicago",
      durationMinutes: 45,
      onlineUrl: "https://meet.example.org/families",
      createdBy: family.id,
    },
  ]);
}
