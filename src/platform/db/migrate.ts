import { existsSync } from "node:fs";
import { join } from "node:path";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import type { Database } from "./client";

/**
 * Each room of the code (platform, then each domain) owns its tables and its own folder of
 * generated migrations, applied in dependency order. Separate folders let domains evolve
 * their schema independently without fighting over one migration journal.
 */
export interface MigrationSet {
  name: string;
  folder: string;
}

export async function applyMigrations(database: Database, sets: MigrationSet[]): Promise<void> {
  for (const set of sets) {
    // A room that has not defined any tables yet has no journal.
    if (!existsSync(join(set.folder, "meta", "_journal.json"))) continue;
    const options = { migrationsFolder: set.folder, migrationsTable: `migrations_${set.name}` };
    if (database.kind === "pglite") {
      await migratePglite(database.db as unknown as PgliteDatabase, options);
    } else {
      await migratePg(database.db, options);
    }
  }
}
