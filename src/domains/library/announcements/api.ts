import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { signedInActor } from "../../../platform/http/access";
import type { FieldErrors } from "../../../platform/http/forms";
import { badRequest, conflict } from "../../../platform/http/problem";
import { problemResponses } from "../../../platform/http/schemas";
import { renderMarkdown } from "../../communities/discussions/markdown";
import { loadedDraft, loadedItem, loadedSender, readAnnouncement, sendAsSender, sendDraft } from "./access";
import {
  AnnouncementDetail,
  AnnouncementFields,
  AnnouncementParams,
  AnnouncementSummary,
  ArchiveQuery,
  DraftDetail,
  DraftParams,
  SenderParams,
} from "./fields";
import {
  type Announcement,
  AnnouncementError,
  type ArchiveItem,
  announcementLink,
  audienceCommunityNames,
  checkAudience,
  createDraft,
  inLanguage,
  listArchive,
  previewOf,
  requestSend,
  type Sender,
  updateDraft,
} from "./service";

const tags = ["announcements"];

const problemsOf = (errors: FieldErrors) =>
  Object.entries(errors).map(([field, e]) => ({
    pointer: `/${field}`,
    detail: "message" in e ? e.message : `${field} is missing or not valid`,
  }));

function summary(item: ArchiveItem, locale: string) {
  return {
    id: item.id,
    title: inLanguage(item, locale).title,
    sender: locale === "es" ? item.senderEs : item.senderEn,
    sentAt: item.sentAt.toISOString(),
    communityOnly: item.communityOnly,
    link: announcementLink(item.id),
  };
}

async function presentDraft(request: FastifyRequest, draft: Announcement, sender: Sender) {
  const preview = await previewOf(request.server.db, draft, sender);
  return {
    id: draft.id,
    status: draft.status,
    titleEn: draft.titleEn,
    titleEs: draft.titleEs,
    bodyEn: draft.bodyEn,
    bodyEs: draft.bodyEs,
    stakeholderRoles: draft.stakeholderRoles,
    stateCodes: draft.stateCodes,
    communityIds: draft.communityIds,
    preview: {
      recipients: preview.recipients,
      inSpanish: preview.inSpanish,
      emails: preview.emails.map((e) => ({
        language: e.language,
        subject: e.subject,
        text: e.text,
        html: e.html ?? "",
      })),
    },
  };
}

/** Announcements in /api/v1: the archive (as the pages show it), drafts with their preview, sending. */
export async function announcementsApi(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/announcements",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Sent announcements the caller may read, newest first (20 a page)",
        querystring: ArchiveQuery,
        response: {
          200: Type.Object({ items: Type.Array(AnnouncementSummary), total: Type.Integer() }),
          ...problemResponses(400),
        },
      },
    },
    async (request) => {
      const { items, total } = await listArchive(app.db, await request.actor(), request.query.page ?? 1);
      return { items: items.map((i) => summary(i, request.locale)), total };
    },
  );

  app.get(
    "/announcements/:announcementId",
    {
      config: { access: readAnnouncement },
      schema: {
        tags,
        summary: "One sent announcement, in the caller's language when it has it",
        params: AnnouncementParams,
        response: { 200: AnnouncementDetail, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const item = loadedItem(request);
      const text = inLanguage(item, request.locale);
      return {
        ...summary(item, request.locale),
        bodyMarkdown: text.body,
        bodyHtml: renderMarkdown(text.body),
        language: text.language,
        audience: {
          stakeholderRoles: item.stakeholderRoles,
          stateCodes: item.stateCodes,
          communities: await audienceCommunityNames(
            app.db,
            item.communityIds,
            await request.actor(),
            request.locale,
          ),
        },
      };
    },
  );

  app.post(
    "/announcements/from/:senderId",
    {
      config: { access: sendAsSender },
      schema: {
        tags,
        summary:
          "Write a draft as a sender (the nation's or a state's team, or a community, that the caller leads)",
        params: SenderParams,
        body: AnnouncementFields,
        response: { 201: DraftDetail, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const sender = loadedSender(request);
      const checked = await checkAudience(app.db, sender, request.body, request.locale);
      if (!checked.ok)
        throw badRequest("The audience or the Spanish text is not valid.", problemsOf(checked.errors));
      const draft = await createDraft(
        app.db,
        await signedInActor(request),
        sender,
        request.body,
        checked.audience,
      );
      reply.code(201);
      return presentDraft(request, draft, sender);
    },
  );

  app.get(
    "/announcements/drafts/:draftId",
    {
      config: { access: sendDraft },
      schema: {
        tags,
        summary: "A draft with its preview: the recipient count and the email in each language",
        params: DraftParams,
        response: { 200: DraftDetail, ...problemResponses(400, 401, 404) },
      },
    },
    async (request) => presentDraft(request, loadedDraft(request), loadedSender(request)),
  );

  app.put(
    "/announcements/drafts/:draftId",
    {
      config: { access: sendDraft },
      schema: {
        tags,
        summary: "Change a draft (until it is sent)",
        params: DraftParams,
        body: AnnouncementFields,
        response: { 200: DraftDetail, ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request) => {
      const sender = loadedSender(request);
      const checked = await checkAudience(app.db, sender, request.body, request.locale);
      if (!checked.ok)
        throw badRequest("The audience or the Spanish text is not valid.", problemsOf(checked.errors));
      try {
        const draft = await updateDraft(
          app.db,
          await signedInActor(request),
          loadedDraft(request).id,
          request.body,
          checked.audience,
        );
        return presentDraft(request, draft, sender);
      } catch (error) {
        if (error instanceof AnnouncementError) throw conflict("The announcement was already sent.");
        throw error;
      }
    },
  );

  app.post(
    "/announcements/drafts/:draftId/send",
    {
      config: { access: sendDraft },
      schema: {
        tags,
        summary: "Send a draft: it is emailed to its audience in batches, once per person",
        params: DraftParams,
        response: {
          202: Type.Object({
            id: Type.String({ format: "uuid" }),
            status: Type.String(),
            recipients: Type.Integer(),
          }),
          ...problemResponses(400, 401, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const draft = loadedDraft(request);
      try {
        const preview = await previewOf(app.db, draft, loadedSender(request));
        const sent = await requestSend(app.db, await signedInActor(request), draft.id);
        reply.code(202);
        return { id: sent.id, status: sent.status, recipients: preview.recipients };
      } catch (error) {
        if (error instanceof AnnouncementError) throw conflict("The announcement was already sent.");
        throw error;
      }
    },
  );
}
