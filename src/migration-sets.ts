import { fileURLToPath } from "node:url";
import type { MigrationSet } from "./platform/db/migrate";

const fromRoot = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

/**
 * Schema owners in dependency order. Each has its schema files and its own migrations folder;
 * `npm run db:generate -- <name>` regenerates one set after its schema changes.
 */
export const schemaOwners = [
  {
    name: "platform",
    schema: [
      "src/platform/auth/schema.ts",
      "src/platform/audit/schema.ts",
      "src/platform/jobs/schema.ts",
      "src/platform/email/schema.ts",
    ],
    folder: "src/platform/migrations",
  },
  { name: "files", schema: ["src/platform/files/schema.ts"], folder: "src/platform/files/migrations" },
  {
    name: "directory",
    schema: ["src/domains/directory/schema.ts"],
    folder: "src/domains/directory/migrations",
  },
  { name: "teams", schema: ["src/domains/teams/schema.ts"], folder: "src/domains/teams/migrations" },
  {
    name: "communities",
    schema: [
      "src/domains/communities/schema.ts",
      "src/domains/communities/discussions/schema.ts",
      "src/domains/communities/agenda/schema.ts",
    ],
    folder: "src/domains/communities/migrations",
  },
  { name: "measures", schema: ["src/domains/measures/schema.ts"], folder: "src/domains/measures/migrations" },
  {
    name: "insights",
    schema: ["src/domains/insights/census/schema.ts"],
    folder: "src/domains/insights/migrations",
  },
  { name: "research", schema: ["src/domains/research/schema.ts"], folder: "src/domains/research/migrations" },
  {
    name: "improvement-plans",
    schema: [
      "src/domains/improvement/plans/schema.ts",
      "src/domains/improvement/diagrams/schema.ts",
      "src/domains/improvement/cycles/schema.ts",
    ],
    folder: "src/domains/improvement/plans/migrations",
  },
  {
    name: "improvement-charts",
    schema: ["src/domains/improvement/charts/schema.ts"],
    folder: "src/domains/improvement/charts/migrations",
  },
  {
    name: "improvement-networks",
    schema: ["src/domains/improvement/networks/schema.ts"],
    folder: "src/domains/improvement/networks/migrations",
  },
  {
    name: "improvement-assistance",
    schema: ["src/domains/improvement/assistance/schema.ts"],
    folder: "src/domains/improvement/assistance/migrations",
  },
  {
    name: "library-resources",
    schema: ["src/domains/library/resources/schema.ts"],
    folder: "src/domains/library/resources/migrations",
  },
  {
    name: "library-files",
    schema: ["src/domains/library/files/schema.ts"],
    folder: "src/domains/library/files/migrations",
  },
  {
    name: "library-catalogue",
    schema: ["src/domains/library/catalogue/schema.ts"],
    folder: "src/domains/library/catalogue/migrations",
  },
  {
    name: "library-announcements",
    schema: ["src/domains/library/announcements/schema.ts"],
    folder: "src/domains/library/announcements/migrations",
  },
  {
    name: "library-reach",
    schema: ["src/domains/library/reach/schema.ts"],
    folder: "src/domains/library/reach/migrations",
  },
  {
    name: "events-setup",
    schema: ["src/domains/events/setup/schema.ts"],
    folder: "src/domains/events/setup/migrations",
  },
  {
    name: "events-calls",
    schema: ["src/domains/events/calls/schema.ts"],
    folder: "src/domains/events/calls/migrations",
  },
  {
    name: "events-program",
    schema: ["src/domains/events/program/schema.ts"],
    folder: "src/domains/events/program/migrations",
  },
  {
    name: "events-registration",
    schema: ["src/domains/events/registration/schema.ts"],
    folder: "src/domains/events/registration/migrations",
  },
  {
    name: "events-credit",
    schema: ["src/domains/events/credit/schema.ts"],
    folder: "src/domains/events/credit/migrations",
  },
];

export const migrationSets: MigrationSet[] = schemaOwners.map(({ name, folder }) => ({
  name,
  folder: fromRoot(folder),
}));
