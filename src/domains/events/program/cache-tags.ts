/**
 * What cached program pages depend on, as announced by this capability's triggers (migration
 * 0001_program_agenda): anything in an event's program, and a person's agenda. `event:<id>` is
 * the event's own row (setup's triggers), for its title, days and zone.
 */
export const programTags = {
  program: (eventId: string) => `program:${eventId}`,
  agenda: (userId: string) => `agenda:${userId}`,
  event: (eventId: string) => `event:${eventId}`,
};
