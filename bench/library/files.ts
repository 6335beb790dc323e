import { sql } from "drizzle-orm";
import { queryRows } from "../../src/platform/db/client";
import { median } from "../foundation";
import { startDiskServer, storeBenchDownload } from "./files-hook";
import { type LibraryBenchContext, type LibraryBenchRow, notMeasured } from "./support";

/**
 * A 20 MB file downloaded from the library (stored in the database, served by the app, signed
 * out) against node:http streaming the same bytes from disk, in turns in the same run, so that
 * whatever else the machine is doing weighs on both. The first app download fills the server's
 * local file cache and is left out, as a warm-up; the figure is the median speed of the rest.
 */
export async function largeDownloadCase(ctx: LibraryBenchContext): Promise<LibraryBenchRow[]> {
  const what = `A ${Math.round(ctx.fileBytes / 1024 / 1024)} MB download vs node:http streaming the same file from disk`;
  const target = "≥ 50 % of node:http's speed";
  const [resource] = await queryRows<{ id: string; slug: string; currentVersion: number; shelfId: string }>(
    ctx.db,
    sql`select id, slug, current_version as "currentVersion", coalesce(community_id, id) as "shelfId"
        from library_resources where status = 'published' and not community_only order by slug limit 1`,
  );
  if (!resource) return [notMeasured(what, target, "no published resource to attach the file to")];
  const admin = { userId: ctx.adminId, systemRole: "admin" as const, emailVerified: true, memberships: [] };
  const stored = await storeBenchDownload(ctx.db, resource, admin, ctx.fileBytes);
  const disk = await startDiskServer(stored.diskPath, stored.bytes);
  try {
    const appUrl = ctx.base + stored.path;
    await download(appUrl, stored.bytes);
    const rounds = ctx.quick ? 5 : 15;
    const app: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < rounds; i++) {
      raw.push(await download(disk.url, stored.bytes));
      app.push(await download(appUrl, stored.bytes));
    }
    const appSpeed = median(app);
    const rawSpeed = median(raw);
    const ratio = appSpeed / rawSpeed;
    return [
      {
        what,
        load: `${rounds} downloads each, in turns, one at a time (after one warm-up download)`,
        p50: `app ${appSpeed.toFixed(0)} MB/s`,
        p95: `node:http ${rawSpeed.toFixed(0)} MB/s (app at ${(ratio * 100).toFixed(0)} %)`,
        target,
        verdict: ratio >= 0.5 ? "met" : "NOT met",
      },
    ];
  } finally {
    await disk.close();
  }
}

/** Downloads the whole body and returns the speed in MB/s; a short or failed body throws. */
async function download(url: string, bytes: number): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(url);
  let received = 0;
  for await (const chunk of res.body!) received += (chunk as Uint8Array).byteLength;
  const seconds = (performance.now() - t0) / 1000;
  if (res.status !== 200 || received !== bytes)
    throw new Error(`${url}: ${res.status}, ${received} of ${bytes} bytes`);
  return bytes / 1024 / 1024 / seconds;
}
