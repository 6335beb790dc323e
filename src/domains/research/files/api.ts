import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { problemResponses } from "../../../platform/http/schemas";
import { downloadUnderApplication } from "../access";
import { sendResearchFile } from "./download";
import { CodebookResponse, FileParams } from "./schema";
import { researchCodebook } from "./service";

const tags = ["research"];
const config = { access: downloadUnderApplication };

/** Files and codebooks under /api/v1/research: the applicant, while access is open. */
export async function fileApi(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/research/applications/:id/files/:instrument/:year",
    {
      config,
      schema: {
        tags,
        summary:
          "A de-identified school-level file (CSV, streamed) of one approved instrument and school year",
        params: FileParams,
        produces: ["text/csv"],
        response: {
          200: { content: { "text/csv": { schema: Type.String() } } },
          ...problemResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => sendResearchFile(request, reply, request.params),
  );

  app.get(
    "/research/applications/:id/codebooks/:instrument/:year",
    {
      config,
      schema: {
        tags,
        summary: "The codebook of a file: instrument versions, variables, and the de-identification applied",
        params: FileParams,
        response: { 200: CodebookResponse, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { instrument, year } = request.params;
      return researchCodebook(app.db, { instrumentKey: instrument, schoolYear: year });
    },
  );
}
