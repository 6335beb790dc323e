import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { notFound } from "../../../platform/http/problem";
import { downloadUnderApplication } from "../access";
import { findApplication } from "../applications/service";
import { sendResearchFile } from "./download";
import { FileParams } from "./schema";
import { researchCodebook } from "./service";
import { CodebookPage } from "./views";

const hidden = { hide: true };
const config = { access: downloadUnderApplication };

/** Files and codebooks under an approved, unexpired application: its applicant only. */
export async function filePages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/research/applications/:id/files/:instrument/:year.csv",
    { config, schema: { ...hidden, params: FileParams } },
    async (request, reply) => sendResearchFile(request, reply, request.params),
  );

  app.get(
    "/research/applications/:id/codebooks/:instrument/:year",
    { config, schema: { ...hidden, params: FileParams } },
    async (request, reply) => {
      const { id, instrument, year } = request.params;
      const application = await findApplication(app.db, id);
      if (!application) throw notFound();
      const codebook = await researchCodebook(app.db, { instrumentKey: instrument, schoolYear: year });
      return reply.page(
        <CodebookPage
          ctx={reply.pageContext()}
          applicationId={id}
          projectTitle={application.projectTitle}
          codebook={codebook}
        />,
      );
    },
  );
}
