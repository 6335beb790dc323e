// The program's addresses, in one place.
export const eventPath = (slug: string) => `/events/${slug}`;
export const programPath = (slug: string) => `/events/${slug}/program`;
export const sessionPath = (slug: string, sessionId: string) =>
  `/events/${slug}/program/sessions/${sessionId}`;
export const agendaPath = (slug: string) => `/events/${slug}/agenda`;
export const schedulePath = (slug: string) => `/events/${slug}/manage/program`;
