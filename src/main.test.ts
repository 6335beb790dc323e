import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASES, openTestDatabase } from "../test/support/app";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

function get(port: number, path: string, agent: http.Agent): Promise<number> {
  return new Promise((resolve) => {
    http
      .get({ host: "127.0.0.1", port, path, agent }, (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      })
      .on("error", () => resolve(0));
  });
}

/** The server as `npm start` runs it, on a free port. */
describe.each(DATABASES)("npm start on %s, then SIGTERM", (kind) => {
  let child: ChildProcess;
  let exited: Promise<number | null>;
  let port: number;
  let dataDir: string | undefined;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  beforeAll(async () => {
    port = await freePort();
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      PORT: String(port),
      LOG_LEVEL: "warn",
      SEED_DEMO: "false",
      SESSION_SECRET: "shutdown-test-secret-0123456789abcdef0123",
    };
    if (kind === "postgres") {
      const { database, url } = await openTestDatabase("postgres");
      await database.close();
      env.DATABASE_URL = url!;
    } else {
      dataDir = mkdtempSync(join(tmpdir(), "smh-shutdown-"));
      env.DATA_DIR = dataDir;
    }
    child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env,
      stdio: ["ignore", "ignore", "inherit"],
    });
    exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    for (let i = 0; i < 240 && (await get(port, "/healthz", agent)) !== 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }, 90_000);

  afterAll(() => {
    agent.destroy();
    if (child.exitCode === null) child.kill("SIGKILL");
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("closes kept-alive connections at once, finishes the request in flight, and exits 0 within seconds", async () => {
    // A browser's kept-alive connection, idle.
    expect(await get(port, "/", agent)).toBe(200);
    // A request in flight: its body is still arriving when the signal comes.
    const slow = net.connect(port, "127.0.0.1");
    await new Promise((resolve) => slow.once("connect", resolve));
    let answer = "";
    slow.on("data", (chunk) => {
      answer += chunk.toString();
    });
    const slowClosed = new Promise((resolve) => slow.once("close", resolve));
    const body = JSON.stringify({ kind: "partner", name: "Shutdown test partner" });
    slow.write(
      `POST /api/v1/organisations HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));

    const signalled = Date.now();
    child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 1000));
    slow.write(body.slice(10));

    const code = await Promise.race([
      exited,
      new Promise((resolve) => setTimeout(() => resolve("still running"), 8000)),
    ]);
    const seconds = (Date.now() - signalled) / 1000;
    expect(code).toBe(0);
    expect(seconds).toBeLessThan(5);
    // The request in flight got its whole answer (401: no one is signed in), then the connection closed.
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
    expect(answer.toLowerCase()).toContain("connection: close");
    await slowClosed;
  }, 30_000);
});
