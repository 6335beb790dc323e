import type { Db } from "../../../platform/db/client";
import {
  DEMO_PAST_CONFERENCE_SLUG,
  DEMO_UPCOMING_CONFERENCE_SLUG,
  eventBySlug,
  eventTracksOf,
  zonedToUtc,
} from "../setup/service";
import { selectUserIdsByEmail } from "./repo";
import type { SessionFormat, SessionMode } from "./schema";
import { createRoom, createSession, roomsOf, sessionsOf, setProgramPublished } from "./service";

// The demo's programs: the past conference's full two days (published, a few sessions online)
// and a draft for the upcoming one. Times are wall-clock in each event's own zone, on its first
// and second day, so the program follows whatever dates setup's demo gives the events.

const ROOMS = [
  { name: "Grand Ballroom", capacity: 600 },
  { name: "Harbor Room A", capacity: 120 },
  { name: "Harbor Room B", capacity: 120 },
  { name: "Chesapeake Room", capacity: 60 },
];

interface DemoSession {
  day: 0 | 1;
  from: string;
  to: string;
  /** Index into ROOMS; online sessions have none. */
  room?: number;
  title: string;
  format: SessionFormat;
  mode?: SessionMode;
  language?: "en" | "es";
  presenters: [string, string][];
  /** A demo account that presents it (sees its attendance code and results). */
  account?: string;
  countsForCredit?: boolean;
}

const PAST_PROGRAM: DemoSession[] = [
  {
    day: 0,
    from: "08:30",
    to: "09:45",
    room: 0,
    title:
      "Opening keynote: Every school, every student — building comprehensive school mental health systems",
    format: "plenary",
    presenters: [["Dr. Renée Alvarado", "National Center for School Mental Health (demo)"]],
  },
  {
    day: 0,
    from: "10:00",
    to: "11:15",
    room: 1,
    title: "Universal screening without stigma: consent, communication and follow-up",
    format: "workshop",
    presenters: [
      ["Marcus Bell", "Chesapeake Bend Public Schools"],
      ["Dana Whitfield", "Harbor Point Elementary School"],
    ],
    account: "school.lead@demo.smhcommons.org",
  },
  {
    day: 0,
    from: "10:00",
    to: "11:15",
    room: 2,
    title: "Teaming structures that work: school and community clinicians at one table",
    format: "panel",
    presenters: [
      ["Priya Natarajan", "Riverside Family Services"],
      ["Luis Ortega", "Osprey Landing Elementary School"],
      ["Kim Tran", "Maryland State Department (demo)"],
    ],
  },
  {
    day: 0,
    from: "10:00",
    to: "11:15",
    room: 3,
    title: "Familias como socias: colaboración con familias hispanohablantes",
    format: "presentation",
    language: "es",
    presenters: [["Lucía Fernández", "Centro Comunitario Latino (demo)"]],
  },
  {
    day: 0,
    from: "11:30",
    to: "12:45",
    room: 1,
    title: "Data-driven decision making with the School Mental Health Quality Assessment",
    format: "workshop",
    presenters: [["Dr. Aaron Cole", "University Partner (demo)"]],
  },
  {
    day: 0,
    from: "11:30",
    to: "12:45",
    room: 2,
    title: "Youth voice in program design: what students told us",
    format: "panel",
    presenters: [
      ["Jordan Ellis", "Youth Advisory Council (demo)"],
      ["Maya Singh", "Youth Advisory Council (demo)"],
    ],
  },
  {
    day: 0,
    from: "11:30",
    to: "12:20",
    title: "Funding and sustainability: braiding Medicaid, grants and district funds",
    format: "presentation",
    mode: "online",
    presenters: [["Teresa Nguyen", "State Medicaid Office (demo)"]],
  },
  {
    day: 0,
    from: "14:00",
    to: "15:15",
    room: 1,
    title: "Tier 2 interventions for anxiety: group CBT in middle schools",
    format: "workshop",
    presenters: [["Dr. Samuel Okafor", "Children's Hospital Partner (demo)"]],
  },
  {
    day: 0,
    from: "14:00",
    to: "15:15",
    room: 2,
    title: "Crisis response and postvention: a district protocol",
    format: "presentation",
    presenters: [["Angela Morris", "Chesapeake Bend Public Schools"]],
  },
  {
    day: 0,
    from: "14:00",
    to: "15:15",
    room: 3,
    title: "Educator wellbeing: reducing burnout with schoolwide practices",
    format: "presentation",
    presenters: [["Ben Carter", "Teachers' Association (demo)"]],
  },
  {
    day: 0,
    from: "15:30",
    to: "16:30",
    room: 0,
    title: "Poster session: practice-based evidence from states and districts",
    format: "poster",
    countsForCredit: false,
    presenters: [["Poster presenters", "Various"]],
  },
  {
    day: 0,
    from: "15:30",
    to: "16:20",
    title: "Telehealth in rural schools: lessons from three states",
    format: "presentation",
    mode: "online",
    presenters: [["Dr. Hannah Price", "Rural Health Network (demo)"]],
  },
  {
    day: 1,
    from: "08:30",
    to: "09:30",
    room: 0,
    title: "Plenary: Equity in school mental health — who is reached, who is not",
    format: "plenary",
    presenters: [["Dr. Keisha Monroe", "Equity Research Institute (demo)"]],
  },
  {
    day: 1,
    from: "09:45",
    to: "10:45",
    room: 1,
    title: "Lightning talks: five districts, five improvement cycles",
    format: "lightning_talk",
    presenters: [["Five district teams", "Maryland demo districts"]],
  },
  {
    day: 1,
    from: "09:45",
    to: "11:00",
    room: 2,
    title: "Mental health literacy curricula for high school students",
    format: "workshop",
    presenters: [["Grace Kim", "Curriculum Partners (demo)"]],
  },
  {
    day: 1,
    from: "09:45",
    to: "11:00",
    room: 3,
    title: "Working with pediatric primary care: referral pathways that close the loop",
    format: "presentation",
    presenters: [["Dr. Omar Haddad", "Pediatric Practice Network (demo)"]],
  },
  {
    day: 1,
    from: "11:15",
    to: "12:30",
    room: 1,
    title: "Measuring what matters: choosing screening and outcome measures",
    format: "workshop",
    presenters: [
      ["Dr. Aaron Cole", "University Partner (demo)"],
      ["Nadia Rahman", "State Evaluation Team (demo)"],
    ],
  },
  {
    day: 1,
    from: "11:15",
    to: "12:30",
    room: 2,
    title: "Substance use prevention and early intervention in schools",
    format: "presentation",
    presenters: [["Eric Lindqvist", "Prevention Coalition (demo)"]],
  },
  {
    day: 1,
    from: "11:15",
    to: "12:05",
    title: "Privacy and information sharing: FERPA and HIPAA in practice",
    format: "presentation",
    mode: "online",
    presenters: [["Rebecca Stone", "Legal Counsel (demo)"]],
  },
  {
    day: 1,
    from: "11:15",
    to: "12:30",
    room: 3,
    title: "Trauma-informed classrooms: from training to daily practice",
    format: "workshop",
    presenters: [["Sofia Ramírez", "Harbor Point Elementary School"]],
  },
  {
    day: 1,
    from: "13:30",
    to: "14:30",
    room: 0,
    title: "Closing plenary: From plans to results — the next year of the state collaborative",
    format: "plenary",
    presenters: [["Maryland state team (demo)", "Maryland State Department (demo)"]],
  },
];

const UPCOMING_DRAFT: DemoSession[] = [
  {
    day: 0,
    from: "08:30",
    to: "09:45",
    room: 0,
    title: "Opening keynote (speaker to be confirmed)",
    format: "plenary",
    presenters: [],
  },
  {
    day: 0,
    from: "10:00",
    to: "11:15",
    room: 1,
    title: "State policy roundtable: school mental health legislation this year",
    format: "panel",
    presenters: [["Kim Tran", "Maryland State Department (demo)"]],
  },
  {
    day: 1,
    from: "13:30",
    to: "14:30",
    room: 0,
    title: "Closing plenary",
    format: "plenary",
    presenters: [],
  },
];

const dayOfEvent = (startsOn: string, offset: 0 | 1) =>
  new Date(Date.parse(`${startsOn}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);

async function seedProgram(db: Db, slug: string, program: DemoSession[], publish: boolean) {
  const event = await eventBySlug(db, slug);
  // Setup's demo makes the events; without them (or with a program already there) nothing to do.
  if (!event || (await sessionsOf(db, event.id)).length > 0) return;
  const existingRooms = await roomsOf(db, event.id);
  const rooms =
    existingRooms.length > 0
      ? existingRooms
      : await Promise.all(ROOMS.map((r) => createRoom(db, null, event.id, r)));
  const byName = new Map(rooms.map((r) => [r.name, r.id]));
  const tracks = await eventTracksOf(db, event.id);
  const accounts = await selectUserIdsByEmail(
    db,
    program.flatMap((s) => (s.account ? [s.account] : [])),
  );
  let n = 0;
  for (const s of program) {
    const day = dayOfEvent(event.startsOn, event.startsOn === event.endsOn ? 0 : s.day);
    const mode = s.mode ?? "in_person";
    await createSession(db, null, {
      eventId: event.id,
      title: s.title,
      abstract: `${s.title}. A session of the demonstration program (demo data): the presenters share what they did, what they measured and what they would do differently.`,
      learningObjectives:
        s.countsForCredit === false
          ? ""
          : "Describe the approach presented and the evidence behind it\nIdentify one step to adapt it in your own school or district",
      format: s.format,
      mode,
      language: s.language ?? "en",
      trackId: s.format === "plenary" || tracks.length === 0 ? null : tracks[n++ % tracks.length]!.id,
      roomId: mode === "online" || s.room === undefined ? null : (byName.get(ROOMS[s.room]!.name) ?? null),
      startsAt: zonedToUtc(day, s.from, event.timeZone),
      endsAt: zonedToUtc(day, s.to, event.timeZone),
      capacity: null,
      countsForCredit: s.countsForCredit ?? true,
      presenters: s.presenters.map(([name, organisation], i) => ({
        name,
        organisation,
        userId: i === 0 && s.account ? (accounts.get(s.account) ?? null) : null,
      })),
    });
  }
  if (publish) await setProgramPublished(db, null, event.id, true);
}

/** The past conference's published program and the upcoming one's draft. */
export async function seedProgramDemo(db: Db): Promise<void> {
  await seedProgram(db, DEMO_PAST_CONFERENCE_SLUG, PAST_PROGRAM, true);
  await seedProgram(db, DEMO_UPCOMING_CONFERENCE_SLUG, UPCOMING_DRAFT, false);
}
