import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Starts a throwaway PostgreSQL server for the test run: its own data directory, bound to
 * 127.0.0.1 on a free port, stopped and deleted afterwards. initdb refuses to run as root,
 * so as root it runs as the `postgres` system user.
 */
const BIN_CANDIDATES = [
  "/usr/lib/postgresql/15/bin",
  "/usr/lib/postgresql/16/bin",
  "/usr/lib/postgresql/17/bin",
];

function pgBin(name: string): string {
  const dir = process.env.PG_BIN ?? BIN_CANDIDATES.find((d) => existsSync(join(d, name)));
  if (!dir)
    throw new Error("PostgreSQL server binaries not found: apt-get install -y postgresql (or set PG_BIN)");
  return join(dir, name);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export interface TestPostgres {
  url: string;
  stop(): void;
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const isRoot = process.getuid?.() === 0;
  const asPg = (bin: string, args: string[]) =>
    isRoot
      ? execFileSync("runuser", ["-u", "postgres", "--", bin, ...args], { stdio: "pipe" })
      : execFileSync(bin, args, { stdio: "pipe" });
  const base = mkdtempSync(join(tmpdir(), "smh-pg-"));
  chmodSync(base, 0o777);
  const dataDir = join(base, "data");
  const port = await freePort();
  asPg(pgBin("initdb"), ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale"]);
  asPg(pgBin("pg_ctl"), [
    "-D",
    dataDir,
    "-l",
    join(base, "server.log"),
    "-w",
    "-o",
    `-k ${base} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300`,
    "start",
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      const args = ["-D", dataDir, "-m", "immediate", "stop"];
      if (isRoot)
        spawnSync("runuser", ["-u", "postgres", "--", pgBin("pg_ctl"), ...args], { stdio: "ignore" });
      else spawnSync(pgBin("pg_ctl"), args, { stdio: "ignore" });
      rmSync(base, { recursive: true, force: true });
    },
  };
}
