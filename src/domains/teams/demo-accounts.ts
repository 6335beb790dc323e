import type { StakeholderRole, SystemRole } from "../../platform/auth/schema";
import type { TeamRole } from "./schema";

/**
 * One demo account per kind of person, all with the documented DEMO_PASSWORD (src/seed/demo.ts).
 * This list is data so the README's table of demo accounts can be generated from it.
 *
 * `team` says which demo team the account is on: the Maryland state team, the first Maryland
 * demo district, the first school of that district, or the second school of it (a peer).
 */
export type DemoPlace = "state" | "district" | "school" | "peerSchool";

export interface DemoAccount {
  email: string;
  name: string;
  /** What the account is for, in a few words. */
  role: string;
  /** Where the account sits, in words for the README. */
  where: string;
  stakeholderRole: StakeholderRole;
  systemRole: SystemRole;
  team?: { place: DemoPlace; role: TeamRole };
  /** A pending request to join this demo team, so leads have something to decide. */
  pendingRequestTo?: DemoPlace;
  locale?: "en" | "es";
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    email: "admin@demo.smhcommons.org",
    name: "Nadia Admin",
    role: "National admin",
    where: "Whole platform",
    stakeholderRole: "other",
    systemRole: "admin",
  },
  {
    email: "researcher@demo.smhcommons.org",
    name: "Rafael Researcher",
    role: "Researcher",
    where: "Suppressed, de-identified aggregates only",
    stakeholderRole: "researcher",
    systemRole: "researcher",
  },
  {
    email: "state.lead@demo.smhcommons.org",
    name: "Sofia State-Lead",
    role: "State team lead",
    where: "Maryland",
    stakeholderRole: "policymaker",
    systemRole: "user",
    team: { place: "state", role: "lead" },
  },
  {
    email: "district.lead@demo.smhcommons.org",
    name: "Darnell District-Lead",
    role: "District team lead",
    where: "Chesapeake Bend Public Schools (first Maryland demo district)",
    stakeholderRole: "school_mh_professional",
    systemRole: "user",
    team: { place: "district", role: "lead" },
  },
  {
    email: "school.lead@demo.smhcommons.org",
    name: "Grace School-Lead",
    role: "School team lead",
    where: "Harbor Point Elementary School (first school of that district)",
    stakeholderRole: "school_mh_professional",
    systemRole: "user",
    team: { place: "school", role: "lead" },
  },
  {
    email: "school.member@demo.smhcommons.org",
    name: "Marcus School-Member",
    role: "School team member",
    where: "Harbor Point Elementary School",
    stakeholderRole: "educator",
    systemRole: "user",
    team: { place: "school", role: "member" },
  },
  {
    email: "peer.member@demo.smhcommons.org",
    name: "Priya Peer-School",
    role: "Member of a peer school (cannot see Harbor Point's team)",
    where: "Osprey Landing Elementary School (second school of that district)",
    stakeholderRole: "community_mh_professional",
    systemRole: "user",
    team: { place: "peerSchool", role: "member" },
  },
  {
    email: "family@demo.smhcommons.org",
    name: "Lucía Family-Member",
    role: "Family member on the school team (reads in Spanish)",
    where: "Harbor Point Elementary School",
    stakeholderRole: "family_member",
    systemRole: "user",
    team: { place: "school", role: "member" },
    locale: "es",
  },
  {
    email: "youth@demo.smhcommons.org",
    name: "Jordan Youth",
    role: "Youth, waiting for the school team to approve a request",
    where: "Asked to join Harbor Point Elementary School",
    stakeholderRole: "youth",
    systemRole: "user",
    pendingRequestTo: "school",
  },
  {
    email: "educator@demo.smhcommons.org",
    name: "Elena Educator",
    role: "Educator with no team",
    where: "No team yet: try asking to join one",
    stakeholderRole: "educator",
    systemRole: "user",
  },
];
