import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { auditLog } from "../../platform/audit/schema";
import { verifyPassword } from "../../platform/auth/passwords";
import { users } from "../../platform/auth/schema";
import { openDatabase, queryRows } from "../../platform/db/client";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../../", import.meta.url));
const PASSWORD = "lantern orchard velvet compass";

/** Runs `npm run create-admin` the way an operator would, as a separate process. */
async function createAdmin(args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run("npx", ["tsx", "src/scripts/create-admin.ts", ...args], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: "",
        NODE_ENV: "production",
        SESSION_SECRET: "x".repeat(40),
        ...env,
      },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout: string; stderr: string };
    return { code: e.code ?? 1, stdout: e.stdout, stderr: e.stderr };
  }
}

// The embedded database only: the script opens the same DATA_DIR the server would.
describe("npm run create-admin (PGlite data directory)", () => {
  const dirs: string[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "smh-create-admin-"));
    dirs.push(dir);
    return join(dir, "data");
  };
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("creates a verified national admin in a fresh database, then promotes an existing account", async () => {
    const dataDir = freshDir();
    const result = await createAdmin(["--email", "Chief@Example.org", "--name", "Chief Admin"], {
      DATA_DIR: dataDir,
      ADMIN_PASSWORD: PASSWORD,
    });
    expect(result.stderr).not.toContain("create-admin:");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Created national admin Chief Admin <Chief@Example.org>");

    const second = await createAdmin(["--email", "chief@example.org"], {
      DATA_DIR: dataDir,
      ADMIN_PASSWORD: "",
    });
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("Promoted");

    const database = await openDatabase({ dataDir });
    try {
      const rows = await database.db.select().from(users);
      expect(rows).toHaveLength(1);
      const [admin] = rows;
      expect(admin).toMatchObject({
        email: "Chief@Example.org",
        name: "Chief Admin",
        systemRole: "admin",
        isDemo: false,
      });
      expect(admin!.emailVerifiedAt).toBeInstanceOf(Date);
      expect(await verifyPassword(admin!.passwordHash, PASSWORD)).toBe(true);
      const entries = await database.db.select().from(auditLog).where(eq(auditLog.entityId, admin!.id));
      expect(entries.map((e) => e.action)).toEqual(["user.create_admin", "user.promote_admin"]);
      // Reference data is there, demo data is not.
      const [{ n }] = await queryRows<{ n: number }>(
        database.db,
        sql`select count(*)::int as n from organisations where kind = 'state'`,
      );
      expect(n).toBeGreaterThanOrEqual(51);
    } finally {
      await database.close();
    }
  }, 180_000);

  it("exits non-zero with a clear message for a weak password or bad input, creating nobody", async () => {
    const dataDir = freshDir();
    const weak = await createAdmin(["--email", "chief@example.org", "--name", "Chief Admin"], {
      DATA_DIR: dataDir,
      ADMIN_PASSWORD: "short",
    });
    expect(weak.code).not.toBe(0);
    expect(weak.stderr).toContain("The password is too short");

    const badEmail = await createAdmin(["--email", "not-an-email", "--name", "Chief"], {
      DATA_DIR: dataDir,
      ADMIN_PASSWORD: PASSWORD,
    });
    expect(badEmail.code).not.toBe(0);
    expect(badEmail.stderr).toContain("create-admin: Invalid input");

    const noEmail = await createAdmin(["--name", "Chief"], { DATA_DIR: dataDir, ADMIN_PASSWORD: PASSWORD });
    expect(noEmail.code).not.toBe(0);
    expect(noEmail.stderr).toContain("--email is required");

    const database = await openDatabase({ dataDir });
    try {
      expect(await database.db.select().from(users)).toHaveLength(0);
    } finally {
      await database.close();
    }
  }, 180_000);
});
