// Credit hours, pure: what a session carries and what an attendee has earned.

export interface CreditSession {
  id: string;
  countsForCredit: boolean;
  /** Hours set by the organiser (as the database's numeric text), or null: its length counts. */
  creditHours: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
}

/** A session's CE hours: the hours set for it, else its length in hours (0 when it has no times). */
export function sessionCreditHours(s: CreditSession): number {
  if (s.creditHours !== null) return Number(s.creditHours);
  if (!s.startsAt || !s.endsAt) return 0;
  return (s.endsAt.getTime() - s.startsAt.getTime()) / 3_600_000;
}

/** Hours to two decimals, added in hundredths so 0.1 + 0.2 prints 0.30. */
export function totalHours(hours: number[]): number {
  return hours.reduce((sum, h) => sum + Math.round(h * 100), 0) / 100;
}

export const formatHours = (hours: number) => hours.toFixed(2);
