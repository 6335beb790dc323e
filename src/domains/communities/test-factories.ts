import type { Db } from "../../platform/db/client";
import { buildUser } from "../../seed/factories";
import { addMember } from "./membership/service";
import { type CommunityRole, communities } from "./schema";
import { posts, topics } from "./discussions/schema";

let n = 0;

/** A community with a unique address and names; a test overrides what it cares about. */
export async function buildCommunity(db: Db, overrides: Partial<typeof communities.$inferInsert> = {}) {
  n++;
  const [row] = await db
    .insert(communities)
    .values({
      slug: `test-community-${n}-${Date.now().toString(36)}`,
      kind: "state_cop",
      level: "state",
      stateCode: "MD",
      nameEn: `Test community ${n}`,
      nameEs: `Comunidad de prueba ${n}`,
      purposeEn: "Testing together.",
      purposeEs: "Probar juntos.",
      ...overrides,
    })
    .returning();
  return row!;
}

/**
 * A member whose posts no longer wait for approval: they already have two posts, in a topic
 * titled "Earlier".
 */
export async function trustedMember(
  db: Db,
  communityId: string,
  { role = "member", ...user }: Parameters<typeof buildUser>[1] & { role?: CommunityRole } = {},
) {
  const person = await buildUser(db, user);
  await addMember(db, communityId, person.id, role);
  const [topic] = await db
    .insert(topics)
    .values({ communityId, authorId: person.id, title: "Earlier" })
    .returning();
  for (const body of ["one", "two"]) {
    await db.insert(posts).values({
      topicId: topic!.id,
      communityId,
      authorId: person.id,
      bodyMarkdown: body,
      bodyHtml: `<p>${body}</p>`,
    });
  }
  return person;
}
