import { Agent, get, request as httpRequest } from "node:http";
import { percentile } from "./support";

/*
 * How the page suites load pages: as a browser's network stack does — keep-alive connections,
 * `accept-encoding: br, gzip`, the cookies of the person's session — and timed until the last
 * byte has arrived. The bytes are counted, not decompressed: a browser decompresses on its own
 * machine, while here the clients share the server's two cores, and decompressing 20 clients'
 * pages in one process (as `fetch` does) took more CPU than serving them (measured on a cached
 * 94 KB page with 20 clients: p50 51 ms through fetch, 8 ms through node:http).
 */

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** One GET to the end of its body: the time in ms; anything but 200 throws. */
export function timedGet(url: string, cookie: string): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const request = get(url, { agent, headers: { cookie, "accept-encoding": "br, gzip" } }, (res) => {
      res.on("data", () => {});
      res.on("error", reject);
      res.on("end", () => {
        if (res.statusCode !== 200) reject(new Error(`${url} answered ${res.statusCode}`));
        else resolve(performance.now() - t0);
      });
    });
    request.on("error", reject);
  });
}

/** One JSON POST as a browser's or device's script sends it: its status, answer and time in ms. */
export function timedPostJson(
  url: string,
  cookie: string,
  body: unknown,
): Promise<{ status: number; json: unknown; ms: number }> {
  const t0 = performance.now();
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: "POST",
        agent,
        headers: { cookie, "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: unknown = null;
          try {
            json = JSON.parse(text);
          } catch {
            /* not JSON: the status says what happened */
          }
          resolve({ status: res.statusCode ?? 0, json, ms: performance.now() - t0 });
        });
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

/**
 * `total` requests by `clients` concurrent clients, each taking the next URL in turn, after one
 * warm-up request per URL (the first request of a page fills its caches, as on a live site).
 * Given several cookies, client i is the person (or browser) of cookie i: its own session.
 */
export async function concurrentLatency(
  urls: string[],
  cookies: string | string[],
  total: number,
  clients: number,
) {
  const jars = typeof cookies === "string" ? [cookies] : cookies;
  for (const url of urls) await timedGet(url, jars[0]!);
  const times: number[] = [];
  let next = 0;
  const client = async (i: number) => {
    const cookie = jars[i % jars.length]!;
    while (next < total) {
      const url = urls[next++ % urls.length]!;
      times.push(await timedGet(url, cookie));
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  const seconds = (performance.now() - t0) / 1000;
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    n: times.length,
    perSecond: total / seconds,
  };
}

/**
 * The same URLs one request at a time: first each once, as its first visitor finds it (the page
 * built from the database, then kept), then again and again (at least 40 requests) as later
 * visitors find it — the time a page takes to serve, without the wait behind other clients that
 * the concurrent figure adds. The two are reported apart: mixed, a handful of URLs would make
 * the first visits a third of the sample, far more than a live site sees.
 */
export async function aloneLatency(urls: string[], cookie: string, total = Math.max(40, urls.length * 2)) {
  const first: number[] = [];
  let slowest = { url: "", ms: 0 };
  for (const url of urls) {
    const ms = await timedGet(url, cookie);
    first.push(ms);
    if (ms > slowest.ms) slowest = { url, ms };
  }
  const times: number[] = [];
  for (let i = 0; i < total; i++) times.push(await timedGet(urls[i % urls.length]!, cookie));
  first.sort((a, b) => a - b);
  times.sort((a, b) => a - b);
  return {
    first: { p50: percentile(first, 50), p95: percentile(first, 95), n: first.length, slowest },
    p50: percentile(times, 50),
    p95: percentile(times, 95),
  };
}

/**
 * The cookies a browser sends once it has opened one page: its session (if signed in) and the
 * CSRF cookie the site set on that page. Without the second, every signed-in page would get a
 * new CSRF secret and never be kept for the session, which no browser sees.
 */
export async function browserCookie(baseUrl: string, session: string): Promise<string> {
  const res = await fetch(`${baseUrl}/`, { headers: session ? { cookie: session } : {} });
  await res.arrayBuffer();
  const set = res.headers.getSetCookie().map((c) => c.split(";")[0]!);
  return [session, ...set].filter(Boolean).join("; ");
}
