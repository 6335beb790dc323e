import type { Catalog } from "../../platform/i18n";
import { communityMessages } from "./browse/messages";
import { discussionMessages } from "./discussions/messages";
import { leadMessages } from "./membership/messages";
import { notificationMessages } from "./notifications/messages";
import { searchMessages } from "./search/messages";
import { agendaMessages } from "./agenda/messages";
import { meetingMessages } from "./meetings/messages";
import { peopleMessages } from "./people/messages";

/** Each page group keeps its own English catalog and a Spanish one typed against it. */
export const messageCatalogs = [
  communityMessages,
  discussionMessages,
  leadMessages,
  notificationMessages,
  searchMessages,
  agendaMessages,
  meetingMessages,
  peopleMessages,
] as const;

const en = {
  ...communityMessages.en,
  ...discussionMessages.en,
  ...leadMessages.en,
  ...notificationMessages.en,
  ...searchMessages.en,
  ...agendaMessages.en,
  ...meetingMessages.en,
  ...peopleMessages.en,
};

const es: Catalog<typeof en>["es"] = {
  ...communityMessages.es,
  ...discussionMessages.es,
  ...leadMessages.es,
  ...notificationMessages.es,
  ...searchMessages.es,
  ...agendaMessages.es,
  ...meetingMessages.es,
  ...peopleMessages.es,
};

/** The whole domain's messages, as the pages, emails and jobs use them. */
export const communitiesCatalog: Catalog<typeof en> = { en, es };
export type CommunitiesMessages = typeof en;
