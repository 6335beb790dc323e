/**
 * Creates the first national admin of an installation, or promotes an existing account.
 *
 *   ADMIN_PASSWORD='…' npm run create-admin -- --email admin@example.org --name "Ada Admin"
 *
 * Without ADMIN_PASSWORD the password is asked for on the terminal. Uses the same configuration
 * and database as the server (DATABASE_URL, or DATA_DIR for the embedded database) and applies
 * migrations first, but never creates demo data.
 */
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { eq, sql } from "drizzle-orm";
import { ConfigError, loadConfig } from "../config";
import { migrationSets } from "../migration-sets";
import { recordAudit } from "../platform/audit";
import { hashPassword, MIN_PASSWORD_LENGTH, passwordProblem } from "../platform/auth/passwords";
import { users } from "../platform/auth/schema";
import { type Database, openDatabase } from "../platform/db/client";
import { applyMigrations } from "../platform/db/migrate";
import { Email, SingleLine } from "../platform/http/schemas";
import { seedReferenceData } from "../seed";

class InputError extends Error {}

const CreateAdminInput = Type.Object({
  email: Email(),
  name: Type.Optional(SingleLine({ maxLength: 120 })),
});

const PASSWORD_ADVICE: Record<string, string> = {
  tooShort: `is too short: use at least ${MIN_PASSWORD_LENGTH} characters (a few unrelated words work well)`,
  tooLong: "is too long: use at most 256 characters",
  common: "is one of the most common passwords: choose another",
  repetitive: "repeats too few characters: choose another",
  containsIdentity: "contains the email address or name: choose another",
};

function readArguments(argv: string[]) {
  let parsed: ReturnType<
    typeof parseArgs<{ options: { email: { type: "string" }; name: { type: "string" } } }>
  >;
  try {
    parsed = parseArgs({
      args: argv,
      options: { email: { type: "string" }, name: { type: "string" } },
      strict: true,
    });
  } catch (error) {
    throw new InputError((error as Error).message);
  }
  const email = parsed.values.email?.trim();
  const name = parsed.values.name?.trim() || undefined;
  if (!email) throw new InputError("--email is required, e.g. --email admin@example.org");
  const input = { email, name };
  const problems = [...Value.Errors(CreateAdminInput, input)].map((e) => `${e.path.slice(1)}: ${e.message}`);
  if (problems.length > 0) throw new InputError(`Invalid input: ${problems.join("; ")}`);
  return input;
}

async function readPassword(): Promise<string> {
  const fromEnv = process.env.ADMIN_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    throw new InputError("Set ADMIN_PASSWORD, or run this on a terminal to be asked for the password.");
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question("Password for the new admin: ");
  } finally {
    rl.close();
  }
}

async function createOrPromote(database: Database, input: { email: string; name?: string }) {
  const db = database.db;
  const [existing] = await db
    .select({
      id: users.id,
      name: users.name,
      systemRole: users.systemRole,
      emailVerifiedAt: users.emailVerifiedAt,
      disabledAt: users.disabledAt,
    })
    .from(users)
    .where(sql`lower(${users.email}) = lower(${input.email})`);

  if (existing) {
    await db.transaction(async (tx) => {
      await tx
        .update(users)
        .set({
          systemRole: "admin",
          emailVerifiedAt: existing.emailVerifiedAt ?? new Date(),
          disabledAt: null,
          updatedAt: new Date(),
        })
        .where(eq(users.id, existing.id));
      await recordAudit(tx, {
        actorId: null,
        action: "user.promote_admin",
        entityType: "user",
        entityId: existing.id,
        before: {
          systemRole: existing.systemRole,
          emailVerified: !!existing.emailVerifiedAt,
          disabled: !!existing.disabledAt,
        },
        after: { systemRole: "admin", emailVerified: true, disabled: false },
      });
    });
    return `Promoted ${existing.name} <${input.email}> (id ${existing.id}) to national admin. Their password is unchanged.`;
  }

  if (!input.name)
    throw new InputError('--name is required to create a new account, e.g. --name "Ada Admin"');
  const password = await readPassword();
  const problem = passwordProblem(password, { email: input.email, name: input.name });
  if (problem) throw new InputError(`The password ${PASSWORD_ADVICE[problem] ?? "is not acceptable"}.`);
  const passwordHash = await hashPassword(password);
  const id = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(users)
      .values({
        email: input.email,
        name: input.name!,
        passwordHash,
        stakeholderRole: "other",
        systemRole: "admin",
        emailVerifiedAt: new Date(),
      })
      .returning({ id: users.id });
    await recordAudit(tx, {
      actorId: null,
      action: "user.create_admin",
      entityType: "user",
      entityId: created!.id,
      before: null,
      after: { email: input.email, name: input.name, systemRole: "admin", emailVerified: true },
    });
    return created!.id;
  });
  return `Created national admin ${input.name} <${input.email}> (id ${id}). The email address is marked verified; sign in at /sign-in.`;
}

async function main() {
  const input = readArguments(process.argv.slice(2));
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await applyMigrations(database, migrationSets);
    await seedReferenceData(database.db);
    const where = config.DATABASE_URL
      ? "PostgreSQL (DATABASE_URL)"
      : `the embedded database in ${config.DATA_DIR}`;
    console.log(`${await createOrPromote(database, input)}\nDatabase: ${where}.`);
  } finally {
    await database.close();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    if (error instanceof InputError || error instanceof ConfigError) {
      console.error(`create-admin: ${error.message}`);
      process.exit(2);
    }
    console.error("create-admin failed:", error);
    process.exit(1);
  },
);
