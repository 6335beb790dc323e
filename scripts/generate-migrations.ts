// Regenerates the migrations of one schema owner (or all): `npm run db:generate -- measures`.
import { execFileSync } from "node:child_process";
import { schemaOwners } from "../src/migration-sets";

const wanted = process.argv.slice(2);
const owners = wanted.length ? schemaOwners.filter((o) => wanted.includes(o.name)) : schemaOwners;
if (owners.length === 0) {
  console.error(`Unknown set. Choose from: ${schemaOwners.map((o) => o.name).join(", ")}`);
  process.exit(2);
}
for (const owner of owners) {
  console.log(`— ${owner.name}`);
  execFileSync("npx", ["drizzle-kit", "generate", "--config", "drizzle.config.ts"], {
    stdio: "inherit",
    env: { ...process.env, MIGRATION_SET: owner.name },
  });
}
