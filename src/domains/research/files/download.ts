import { Readable } from "node:stream";
import { pipeline } from "node:stream";
import { stringify } from "csv-stringify";
import type { FastifyReply, FastifyRequest } from "fastify";
import { recordDownload, researchFile } from "./service";

/**
 * Streams a research file as CSV: rows are read from the database a page at a time while the
 * answer is written, so the file is never held whole. The download is audited (who, which
 * application, which file, how many rows) before the first byte is sent.
 */
export async function sendResearchFile(
  request: FastifyRequest,
  reply: FastifyReply,
  params: { id: string; instrument: string; year: string },
) {
  const db = request.server.db;
  const file = await researchFile(db, { instrumentKey: params.instrument, schoolYear: params.year });
  await recordDownload(db, {
    actorId: request.viewer!.id,
    applicationId: params.id,
    file: file.fileName,
    rows: file.rows,
  });
  const csv = stringify();
  pipeline(Readable.from(file.records), csv, (error) => {
    if (error) request.log.error({ err: error }, "research file failed");
  });
  return reply
    .type("text/csv; charset=utf-8")
    .header("content-disposition", `attachment; filename="${file.fileName}"`)
    .header("cache-control", "private, no-store")
    .send(csv);
}
