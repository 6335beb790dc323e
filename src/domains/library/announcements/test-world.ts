import type { BaseWorld, ParamRule } from "../../../../test/support/world";
import { PRIVATE_MARKER } from "../../../../test/support/world";
import { announcementItems } from "./schema";
import { unsubscribeToken } from "./service";

/** The announcements rows of the route-wide tests' world (see test/support/world.ts): ids routes take. */
export type AnnouncementsWorld = {
  /** A draft the private community's lead wrote for it. */
  draftId: string;
  /** The private community's own announcement, sent: its members (and admins) read it. */
  announcementId: string;
  /** The private member's one-click announcements unsubscribe link. */
  unsubscribeToken: string;
};

export async function buildAnnouncementsWorld(base: BaseWorld): Promise<AnnouncementsWorld> {
  const db = base.t.db;
  const community = base.privateCommunity.id;
  const common = {
    senderCommunityId: community,
    communityIds: [community],
    communityOnly: true,
    createdBy: base.users.privateLead.id,
  };
  const [draft] = await db
    .insert(announcementItems)
    .values({
      ...common,
      titleEn: `${PRIVATE_MARKER} draft announcement`,
      bodyEn: `${PRIVATE_MARKER} draft text`,
    })
    .returning();
  const sentAt = new Date(Date.now() - 86_400_000);
  const [sent] = await db
    .insert(announcementItems)
    .values({
      ...common,
      titleEn: `${PRIVATE_MARKER} announcement`,
      bodyEn: `${PRIVATE_MARKER} announcement text`,
      status: "sent",
      sentBy: base.users.privateLead.id,
      sentAt,
      finishedAt: sentAt,
    })
    .returning();
  return {
    draftId: draft!.id,
    announcementId: sent!.id,
    unsubscribeToken: unsubscribeToken(base.t.config.sessionSecret, base.users.privateMember.id),
  };
}

export const announcementsParamRules: ParamRule[] = [
  { param: "senderId", value: (w) => w.privateCommunity.id },
  { param: "draftId", value: (w) => w.library.announcements.draftId },
  { param: "announcementId", value: (w) => w.library.announcements.announcementId },
  {
    param: "token",
    url: /^\/library\/announcements\/unsubscribe\/:token/,
    value: (w) => w.library.announcements.unsubscribeToken,
  },
];
