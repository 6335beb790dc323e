import { sign } from "@fastify/cookie";
import { and, asc, eq, sql } from "drizzle-orm";
import { type Config, loadConfig } from "../../src/config";
import { prepareDatabase } from "../../src/app";
import { createSession, SESSION_COOKIE } from "../../src/platform/auth/sessions";
import type { Db } from "../../src/platform/db/client";
import { communities } from "../../src/domains/communities/schema";
import { posts, topics, topicWatches } from "../../src/domains/communities/discussions/schema";
import { renderMarkdown } from "../../src/domains/communities/discussions/markdown";
import { addMember } from "../../src/domains/communities/membership/service";
import { createNotifications, postLink } from "../../src/domains/communities/notifications/service";
import { organisations } from "../../src/domains/directory/schema";
import { responses } from "../../src/domains/measures/schema";
import { getResponse, schoolYearOf, startResponse } from "../../src/domains/measures/service";
import { addMembership, buildUser } from "../../src/seed/factories";

/**
 * Data for the page-mix benchmark, written into a freshly prepared (demo) database before the
 * server starts: 200 people on the school teams of the first Maryland demo district (every tenth
 * on the district team too), all members of the Maryland community of practice, which gets one
 * topic of 50 replies and 14 more of 25 (each person wrote two of those replies, so their next
 * posts need no approval), notifications for each person, and an assessment in progress at every
 * school. Bench people have addresses at bench.invalid.
 */
export const MIX_PEOPLE = 200;
const DISTRICT_EVERY = 10;
const COMMUNITY_SLUG = "demo-maryland-cop";
const DISTRICT_NAME = "Chesapeake Bend Public Schools";
const LONG_TOPIC_REPLIES = 50;
const OTHER_TOPICS = 14;
const NOTIFICATIONS_PER_PERSON = 15;

export interface MixPerson {
  /** The session cookie a signed-in browser sends (`smh_session=<signed token>`). */
  sessionCookie: string;
  school: number;
  onDistrictTeam: boolean;
}

export interface MixSchool {
  /** A section page of the assessment in progress. */
  formPath: string;
  /** Last year's submitted assessment report. */
  reportPath: string;
  /** The autosave endpoint of each section of the assessment in progress, and answers it accepts. */
  autosaves: { path: string; sectionKey: string; ratingItems: string[]; version: number }[];
  responseApiPath: string;
}

export interface MixData {
  people: MixPerson[];
  schools: MixSchool[];
  communityPath: string;
  /** The topic of 50 replies both mixes read. */
  longTopicPath: string;
  /** Topics the writes reply to (the long topic among them). */
  replyTopicPaths: string[];
  districtDashboardPath: string;
  stateDirectoryPath: string;
  directorySearchPath: string;
}

const SENTENCES = [
  "Our school team started universal screening in the fall and kept the consent form to one page.",
  "Families asked for evening meetings, so we moved the team meeting to six o'clock and offered childcare.",
  "We track referrals in a shared sheet and review every open case at the weekly team huddle.",
  "The district funded a second counselor after we showed the wait times from last spring.",
  "Students on the youth advisory board rewrote the wellness week survey in their own words.",
  "Medicaid billing for school-based services took a year to set up but now covers two clinicians.",
  "Teachers get ten minutes of each staff meeting for a short practice on calming strategies.",
  "We translated the crisis plan into Spanish and checked it with families before sharing it.",
];

function replyBody(n: number): string {
  const first = SENTENCES[n % SENTENCES.length]!;
  const second = SENTENCES[(n * 3 + 1) % SENTENCES.length]!;
  return `${first} ${second}\n\nWhat has worked in your school? Reply ${n + 1}.`;
}

async function districtAndSchools(db: Db) {
  const [district] = await db
    .select()
    .from(organisations)
    .where(and(eq(organisations.kind, "district"), eq(organisations.name, DISTRICT_NAME)));
  if (!district) throw new Error(`The demo district ${DISTRICT_NAME} is missing: was demo data seeded?`);
  const schools = await db
    .select()
    .from(organisations)
    .where(and(eq(organisations.kind, "school"), eq(organisations.parentId, district.id)))
    .orderBy(asc(organisations.name));
  return { district, schools };
}

async function addPeople(db: Db, config: Config, districtId: string, schoolIds: string[]) {
  const people: (MixPerson & { id: string })[] = [];
  for (let i = 0; i < MIX_PEOPLE; i++) {
    const user = await buildUser(db, { email: `mix${i}@bench.invalid`, name: `Mix Person ${i + 1}` });
    const school = i % schoolIds.length;
    await addMembership(db, user.id, schoolIds[school]!);
    const onDistrictTeam = i % DISTRICT_EVERY === 0;
    if (onDistrictTeam) await addMembership(db, user.id, districtId);
    const token = await createSession(db, user.id, { userAgent: "bench" });
    people.push({
      id: user.id,
      sessionCookie: `${SESSION_COOKIE}=${sign(token, config.sessionSecret)}`,
      school,
      onDistrictTeam,
    });
  }
  return people;
}

/** Topics written by the bench people; every person writes exactly two replies and follows those topics. */
async function addTopics(db: Db, communityId: string, peopleIds: string[]) {
  const sizes = [LONG_TOPIC_REPLIES, ...Array.from({ length: OTHER_TOPICS }, () => 25)];
  const made: { id: string; title: string; replyIds: string[] }[] = [];
  let author = 0;
  for (const [t, size] of sizes.entries()) {
    const title = t === 0 ? "What does your school team do in its first month?" : `Practice exchange ${t}`;
    const opener = peopleIds[t % peopleIds.length]!;
    const [topic] = await db
      .insert(topics)
      .values({ communityId, authorId: opener, title, replyCount: size })
      .returning();
    const rows = Array.from({ length: size + 1 }, (_, r) => {
      const by = r === 0 ? opener : peopleIds[author++ % peopleIds.length]!;
      const body = replyBody(t * 100 + r);
      return {
        topicId: topic!.id,
        communityId,
        authorId: by,
        bodyMarkdown: body,
        bodyHtml: renderMarkdown(body),
      };
    });
    const inserted = await db
      .insert(posts)
      .values(rows)
      .returning({ id: posts.id, authorId: posts.authorId });
    const followers = [...new Set(inserted.map((p) => p.authorId))];
    await db
      .insert(topicWatches)
      .values(followers.map((userId) => ({ topicId: topic!.id, userId, level: "following" as const })))
      .onConflictDoNothing();
    made.push({ id: topic!.id, title, replyIds: inserted.slice(1).map((p) => p.id) });
  }
  return made;
}

async function addNotifications(
  db: Db,
  communityId: string,
  peopleIds: string[],
  made: { id: string; title: string; replyIds: string[] }[],
) {
  const replies = made.flatMap((t) => t.replyIds.map((postId) => ({ topic: t, postId })));
  for (const [i, userId] of peopleIds.entries()) {
    const items = Array.from({ length: NOTIFICATIONS_PER_PERSON }, (_, k) => {
      const { topic, postId } = replies[(i * 7 + k * 13) % replies.length]!;
      return {
        userId,
        kind: "reply" as const,
        actorId: peopleIds[(i + k + 1) % peopleIds.length]!,
        communityId,
        topicId: topic.id,
        postId,
        params: { actor: `Mix Person ${((i + k + 1) % peopleIds.length) + 1}`, title: topic.title },
        link: postLink(postId),
      };
    });
    await createNotifications(db, items);
  }
}

/** Each school's assessment in progress (opened as a team member would) and last year's report. */
async function assessmentPaths(db: Db, schools: (typeof organisations.$inferSelect)[], actorId: string) {
  const thisYear = schoolYearOf(new Date());
  const out: MixSchool[] = [];
  for (const school of schools) {
    const { id } = await startResponse(db, {
      actorId,
      organisation: school,
      instrumentKey: "quality",
      schoolYear: thisYear,
    });
    const view = (await getResponse(db, id))!;
    const [submitted] = await db
      .select({ id: responses.id })
      .from(responses)
      .where(
        and(
          eq(responses.organisationId, school.id),
          eq(responses.instrumentKey, "quality"),
          eq(responses.status, "submitted"),
        ),
      )
      .orderBy(sql`${responses.schoolYear} desc, ${responses.timePoint} desc`)
      .limit(1);
    if (!submitted) throw new Error(`${school.name} has no submitted assessment for its report`);
    const scored = view.instrument.sections.filter((s) => s.items.some((item) => item.type === "rating"));
    out.push({
      formPath: `/measures/responses/${id}/sections/${scored[0]!.key}`,
      reportPath: `/measures/responses/${submitted.id}/report`,
      responseApiPath: `/api/v1/responses/${id}`,
      autosaves: scored.map((s) => ({
        path: `/api/v1/responses/${id}/sections/${s.key}`,
        sectionKey: s.key,
        ratingItems: s.items.filter((item) => item.type === "rating").map((item) => item.key),
        version: view.sections[s.key]?.version ?? 0,
      })),
    });
  }
  return out;
}

/** Prepares the database as `npm start` would (demo data included), then adds the mix's data. */
export async function prepareMixData(env: Record<string, string>): Promise<MixData> {
  const config = loadConfig({ ...env, LOG_LEVEL: "silent" });
  const database = await prepareDatabase(config);
  try {
    const db = database.db;
    const { district, schools } = await districtAndSchools(db);
    const people = await addPeople(
      db,
      config,
      district.id,
      schools.map((s) => s.id),
    );
    const [community] = await db.select().from(communities).where(eq(communities.slug, COMMUNITY_SLUG));
    if (community?.visibility !== "public")
      throw new Error(`The demo community ${COMMUNITY_SLUG} is missing or not public`);
    const ids = people.map((p) => p.id);
    for (const id of ids) await addMember(db, community.id, id);
    const made = await addTopics(db, community.id, ids);
    await addNotifications(db, community.id, ids, made);
    const topicPath = (id: string) => `/communities/${COMMUNITY_SLUG}/topics/${id}`;
    return {
      people: people.map(({ id: _id, ...person }) => person),
      schools: await assessmentPaths(db, schools, ids[0]!),
      communityPath: `/communities/${COMMUNITY_SLUG}`,
      longTopicPath: topicPath(made[0]!.id),
      replyTopicPaths: made.map((t) => topicPath(t.id)),
      districtDashboardPath: `/measures/dashboards/district/${district.id}`,
      stateDirectoryPath: "/directory/states/MD",
      directorySearchPath: "/directory/schools?q=elementary",
    };
  } finally {
    await database.close();
  }
}
