// An event's program is written in the event's own time zone (the organiser types "09:30" on a
// day of the event); the database keeps instants in UTC. These convert between the two with
// the platform's Intl time-zone data, daylight-saving changes included.

const partFormats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(zone: string): Intl.DateTimeFormat {
  let format = partFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    partFormats.set(zone, format);
  }
  return format;
}

/** Whether `zone` is an IANA time zone this runtime knows (e.g. America/Chicago). */
export function isTimeZone(zone: string): boolean {
  try {
    partsFormat(zone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock day (YYYY-MM-DD) and time (HH:MM) of an instant in a time zone. */
export function utcToZoned(instant: Date, zone: string): { day: string; time: string } {
  const part = Object.fromEntries(
    partsFormat(zone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return { day: `${part.year}-${part.month}-${part.day}`, time: `${part.hour}:${part.minute}` };
}

function offsetMinutes(instant: Date, zone: string): number {
  const { day, time } = utcToZoned(instant, zone);
  const wall = Date.parse(`${day}T${time}:00Z`);
  return Math.round((wall - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The instant a wall-clock day and time in a time zone stand for. A time skipped by a
 * daylight-saving change lands one hour later; a time that happens twice takes the first.
 */
export function zonedToUtc(day: string, time: string, zone: string): Date {
  const wall = Date.parse(`${day}T${time}:00Z`);
  const first = wall - offsetMinutes(new Date(wall), zone) * 60_000;
  const second = wall - offsetMinutes(new Date(first), zone) * 60_000;
  const real = [first, second].filter((t) => {
    const back = utcToZoned(new Date(t), zone);
    return back.day === day && back.time === time;
  });
  return new Date(real.length > 0 ? Math.min(...real) : Math.max(first, second));
}
