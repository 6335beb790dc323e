import { type LibraryBenchContext, type LibraryBenchRow, notMeasured } from "./support";

/**
 * A 20 MB file downloaded from the library (stored in the database, served by the app) against
 * node:http streaming the same bytes from disk in the same run. Needs the files capability's
 * download route.
 */
export async function largeDownloadCase(ctx: LibraryBenchContext): Promise<LibraryBenchRow[]> {
  const size = `${Math.round(ctx.fileBytes / 1024 / 1024)} MB`;
  return [
    notMeasured(
      `A ${size} download vs node:http streaming the same file from disk`,
      "≥ 50 % of node:http's speed",
      "no library file download on main yet",
    ),
  ];
}
