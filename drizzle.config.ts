import { defineConfig } from "drizzle-kit";
import { schemaOwners } from "./src/migration-sets";

const owner = schemaOwners.find((o) => o.name === process.env.MIGRATION_SET);
if (!owner) {
  throw new Error(`Set MIGRATION_SET to one of: ${schemaOwners.map((o) => o.name).join(", ")}`);
}

export default defineConfig({
  dialect: "postgresql",
  schema: owner.schema,
  out: owner.folder,
});
