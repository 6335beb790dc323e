import { utcToZoned } from "./time";

/*
 * The other capabilities' pages an event's pages link to, by route pattern. A link is drawn only
 * when its route is registered (`app.hasRoute`), so a capability that has not landed shows no
 * dead link. Capabilities name their routes here (the first one registered wins).
 */

/** The attendee-facing pages linked from an event's page. */
export const TAKE_PART_PAGES = [
  { key: "link_call", route: "/events/:eventSlug/call" },
  { key: "link_program", route: "/events/:eventSlug/program" },
  { key: "link_register", route: "/events/:eventSlug/register" },
  { key: "link_agenda", route: "/events/:eventSlug/agenda" },
  { key: "link_certificate", route: "/events/:eventSlug/certificate" },
] as const;

/** The organisers' pages linked from the "Manage" overview, in the order the work usually happens. */
export const MANAGE_PAGES: { key: string; routes: string[] }[] = [
  { key: "calls", routes: ["/events/:eventSlug/manage/call", "/events/:eventSlug/reviewing"] },
  {
    key: "reviewers",
    routes: ["/events/:eventSlug/manage/reviewers", "/events/:eventSlug/reviewing/reviewers"],
  },
  {
    key: "decisions",
    routes: ["/events/:eventSlug/manage/decisions", "/events/:eventSlug/reviewing/decisions"],
  },
  { key: "program", routes: ["/events/:eventSlug/manage/program"] },
  { key: "tickets", routes: ["/events/:eventSlug/manage/tickets"] },
  { key: "questions", routes: ["/events/:eventSlug/manage/questions"] },
  { key: "registrations", routes: ["/events/:eventSlug/manage/registrations"] },
  { key: "checkin", routes: ["/events/:eventSlug/manage/check-in"] },
  { key: "attendance", routes: ["/events/:eventSlug/manage/attendance"] },
  { key: "evaluations", routes: ["/events/:eventSlug/manage/evaluations"] },
  { key: "certificates", routes: ["/events/:eventSlug/manage/certificates"] },
  { key: "reports", routes: ["/events/:eventSlug/manage/reports"] },
];

/**
 * Whether an attendee-facing link fits the event's moment: a certificate only once the event
 * has begun, registration only until it is over (days in the event's own zone), the program
 * once published (organisers see their draft's). The page is kept at most ten minutes, so a
 * link follows the day's turn within that.
 */
export function takePartLinkShown(
  key: (typeof TAKE_PART_PAGES)[number]["key"],
  event: { startsOn: string; endsOn: string; timeZone: string },
  context: { programPublished: boolean; canOrganise: boolean; now?: Date },
): boolean {
  const today = utcToZoned(context.now ?? new Date(), event.timeZone).day;
  if (key === "link_certificate") return today >= event.startsOn;
  if (key === "link_register") return today <= event.endsOn;
  if (key === "link_program") return context.programPublished || context.canOrganise;
  return true;
}
