import formbody from "@fastify/formbody";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { eq } from "drizzle-orm";
import { users } from "../../../platform/auth/schema";
import {
  ButtonForm,
  type FieldErrors,
  type FormValues,
  formFieldsOf,
  parseForm,
} from "../../../platform/http/forms";
import { signedInActor } from "../../../platform/http/access";
import { translator } from "../../../platform/i18n";
import { can } from "../../../platform/policy";
import type { FormState } from "../../../platform/ui/components";
import { loadedDraft, loadedItem, loadedSender, readAnnouncement, sendAsSender, sendDraft } from "./access";
import {
  AnnouncementFields,
  AnnouncementParams,
  ArchiveQuery,
  DraftParams,
  OneClickFields,
  SenderParams,
  SettingsFields,
  TokenParams,
} from "./fields";
import { announcementsCatalog } from "./messages";
import {
  type Announcement,
  AnnouncementError,
  addressableCommunities,
  audienceCommunityNames,
  checkAudience,
  createDraft,
  draftsOf,
  findAnnouncement,
  findSender,
  listArchive,
  previewOf,
  requestSend,
  type Sender,
  sendersFor,
  setAnnouncementEmails,
  senderIdOf,
  updateDraft,
  userFromUnsubscribeToken,
  wantsAnnouncementEmails,
} from "./service";
import {
  AnnouncementForm,
  AnnouncementPage,
  ArchivePage,
  NewPage,
  PreviewPage,
  SettingsPage,
  UnsubscribePage,
} from "./views";

const hidden = { hide: true };
const ARCHIVE = "/library/announcements";
const tOf = (request: FastifyRequest) => translator(announcementsCatalog, request.locale);

const FIELD_LABELS = [
  "titleEn",
  "bodyEn",
  "titleEs",
  "bodyEs",
  "stakeholderRoles",
  "stateCodes",
  "communityIds",
] as const;

function draftValues(d: Announcement): FormValues {
  return {
    titleEn: d.titleEn,
    titleEs: d.titleEs ?? "",
    bodyEn: d.bodyEn,
    bodyEs: d.bodyEs ?? "",
    stakeholderRoles: d.stakeholderRoles,
    stateCodes: d.stateCodes,
    communityIds: d.communityIds,
  };
}

/** The announcements pages: the archive and each announcement (public), writing, preview and send. */
export async function announcementPages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    ARCHIVE,
    { config: { access: "public" }, schema: { ...hidden, querystring: ArchiveQuery } },
    async (request, reply) => {
      const actor = await request.actor();
      const page = request.query.page ?? 1;
      const { items, total } = await listArchive(app.db, actor, page);
      const maySend = !!actor && (await sendersFor(app.db, actor)).length > 0;
      return reply.page(
        <ArchivePage ctx={reply.pageContext()} items={items} total={total} page={page} maySend={maySend} />,
      );
    },
  );

  app.get(`${ARCHIVE}/new`, { config: { access: "signedIn" }, schema: hidden }, async (request, reply) => {
    const actor = await signedInActor(request);
    const senders = await sendersFor(app.db, actor);
    return reply.page(
      <NewPage ctx={reply.pageContext()} senders={senders} drafts={await draftsOf(app.db, senders)} />,
    );
  });

  /** The form again with the person's input and a message by each field in trouble. */
  const formPage = async (
    reply: FastifyReply,
    sender: Sender,
    action: string,
    values: FormValues,
    errors?: FieldErrors,
    status?: string,
  ) => {
    const ctx = reply.pageContext();
    const t = translator(announcementsCatalog, ctx.locale);
    const state: FormState = {
      locale: ctx.locale,
      values,
      errors,
      labels: Object.fromEntries(FIELD_LABELS.map((f) => [f, t(f)])),
    };
    const communities = sender.kind === "community" ? [] : await addressableCommunities(app.db);
    return reply.page(
      <AnnouncementForm
        ctx={ctx}
        sender={sender}
        state={state}
        action={action}
        communities={communities}
        status={status}
      />,
      errors || status ? 400 : 200,
    );
  };

  /** Checks a posted form: the fields by their schema, then the audience the sender may address. */
  const checkForm = async (request: FastifyRequest, sender: Sender) => {
    const form = parseForm(AnnouncementFields, request.body);
    if (!form.ok) return form;
    const checked = await checkAudience(app.db, sender, form.value, request.locale);
    if (!checked.ok) return { ok: false as const, errors: checked.errors, values: parseValues(request.body) };
    return { ok: true as const, value: form.value, audience: checked.audience };
  };

  app.get(
    `${ARCHIVE}/new/:senderId`,
    { config: { access: sendAsSender }, schema: { ...hidden, params: SenderParams } },
    async (request, reply) => {
      const sender = loadedSender(request);
      return formPage(reply, sender, request.url, {
        stateCodes: sender.stateCode ? [sender.stateCode] : [],
      });
    },
  );

  app.post(
    `${ARCHIVE}/new/:senderId`,
    {
      config: { access: sendAsSender },
      schema: { ...hidden, params: SenderParams, body: formFieldsOf(AnnouncementFields) },
    },
    async (request, reply) => {
      const sender = loadedSender(request);
      const checked = await checkForm(request, sender);
      if (!checked.ok) return formPage(reply, sender, request.url, checked.values, checked.errors);
      const actor = await signedInActor(request);
      const draft = await createDraft(app.db, actor, sender, checked.value, checked.audience);
      return reply.redirect(`${ARCHIVE}/drafts/${draft.id}`, 303);
    },
  );

  app.get(
    `${ARCHIVE}/drafts/:draftId`,
    { config: { access: sendDraft }, schema: { ...hidden, params: DraftParams } },
    async (request, reply) => {
      const draft = loadedDraft(request);
      if (draft.status !== "draft") return reply.redirect(`${ARCHIVE}/${draft.id}`, 303);
      const sender = loadedSender(request);
      const actor = await request.actor();
      return reply.page(
        <PreviewPage
          ctx={reply.pageContext()}
          draft={draft}
          preview={await previewOf(app.db, draft, sender)}
          communities={await audienceCommunityNames(app.db, draft.communityIds, actor, request.locale)}
        />,
      );
    },
  );

  const editAction = (draft: Announcement) => `${ARCHIVE}/drafts/${draft.id}/edit`;
  app.get(
    `${ARCHIVE}/drafts/:draftId/edit`,
    { config: { access: sendDraft }, schema: { ...hidden, params: DraftParams } },
    async (request, reply) => {
      const draft = loadedDraft(request);
      const status = draft.status === "draft" ? undefined : tOf(request)("notDraft");
      return formPage(reply, loadedSender(request), editAction(draft), draftValues(draft), undefined, status);
    },
  );

  app.post(
    `${ARCHIVE}/drafts/:draftId/edit`,
    {
      config: { access: sendDraft },
      schema: { ...hidden, params: DraftParams, body: formFieldsOf(AnnouncementFields) },
    },
    async (request, reply) => {
      const draft = loadedDraft(request);
      const sender = loadedSender(request);
      const checked = await checkForm(request, sender);
      if (!checked.ok) return formPage(reply, sender, editAction(draft), checked.values, checked.errors);
      try {
        await updateDraft(app.db, await signedInActor(request), draft.id, checked.value, checked.audience);
      } catch (error) {
        if (!(error instanceof AnnouncementError)) throw error;
        return formPage(
          reply,
          sender,
          editAction(draft),
          parseValues(request.body),
          undefined,
          tOf(request)("notDraft"),
        );
      }
      return reply.redirect(`${ARCHIVE}/drafts/${draft.id}`, 303);
    },
  );

  app.post(
    `${ARCHIVE}/drafts/:draftId/send`,
    { config: { access: sendDraft }, schema: { ...hidden, params: DraftParams, body: ButtonForm } },
    async (request, reply) => {
      const draft = loadedDraft(request);
      const t = tOf(request);
      try {
        const preview = await previewOf(app.db, draft, loadedSender(request));
        await requestSend(app.db, await signedInActor(request), draft.id);
        reply.flash("success", t("sentFlash", { count: preview.recipients }));
      } catch (error) {
        if (!(error instanceof AnnouncementError)) throw error;
        reply.flash("error", t("notDraft"));
      }
      return reply.redirect(`${ARCHIVE}/${draft.id}`, 303);
    },
  );

  app.get(
    `${ARCHIVE}/:announcementId`,
    { config: { access: readAnnouncement }, schema: { ...hidden, params: AnnouncementParams } },
    async (request, reply) => {
      const item = loadedItem(request);
      const actor = await request.actor();
      // Senders (and admins) see how many people it reached; readers see what was sent.
      const showCount = !!actor && (await mayWriteFor(request, item.id));
      return reply.page(
        <AnnouncementPage
          ctx={reply.pageContext()}
          item={item}
          communities={await audienceCommunityNames(app.db, item.communityIds, actor, request.locale)}
          showCount={showCount}
        />,
      );
    },
  );

  /** Whether the reader may send as the announcement's sender (they see its reach). */
  async function mayWriteFor(request: FastifyRequest, announcementId: string): Promise<boolean> {
    const row = await findAnnouncement(app.db, announcementId);
    const actor = await request.actor();
    if (!row || !actor) return false;
    const sender = await findSender(app.db, senderIdOf(row), actor);
    return !!sender && can(actor, "announcement.send", sender.resource);
  }

  app.get(
    `${ARCHIVE}/unsubscribe/:token`,
    { config: { access: "public" }, schema: { ...hidden, params: TokenParams } },
    async (request, reply) => {
      const userId = userFromUnsubscribeToken(app.config.sessionSecret, request.params.token);
      const [user] = userId
        ? await app.db.select({ email: users.email }).from(users).where(eq(users.id, userId))
        : [];
      return reply.page(
        <UnsubscribePage ctx={reply.pageContext()} email={user?.email ?? null} action={request.url} />,
        user ? 200 : 404,
      );
    },
  );

  const settingsPage = (reply: FastifyReply, state: FormState, status = 200) =>
    reply.page(<SettingsPage ctx={reply.pageContext()} state={state} />, status);
  app.get(
    `${ARCHIVE}/settings`,
    { config: { access: "signedIn" }, schema: hidden },
    async (request, reply) => {
      const actor = await signedInActor(request);
      const wanted = await wantsAnnouncementEmails(app.db, actor.userId);
      return settingsPage(reply, {
        locale: request.locale,
        values: { announcements: wanted ? "yes" : "no" },
      });
    },
  );
  app.post(
    `${ARCHIVE}/settings`,
    { config: { access: "signedIn" }, schema: { ...hidden, body: formFieldsOf(SettingsFields) } },
    async (request, reply) => {
      const actor = await signedInActor(request);
      const form = parseForm(SettingsFields, request.body);
      if (!form.ok) {
        const labels = { announcements: tOf(request)("settingsQuestion") };
        return settingsPage(reply, { locale: request.locale, ...form, labels }, 400);
      }
      await setAnnouncementEmails(app.db, actor.userId, form.value.announcements === "yes");
      reply.flash("success", tOf(request)("settingsSaved"));
      return reply.redirect(`${ARCHIVE}/settings`, 303);
    },
  );
}

/** The form's fields as typed, for the form drawn again. */
function parseValues(body: unknown): FormValues {
  const { _csrf, ...values } = (body ?? {}) as FormValues;
  return values;
}

/**
 * One-click unsubscribe (RFC 8058): mail clients POST `List-Unsubscribe=One-Click` to the link
 * without a session or CSRF token, so this lives outside the CSRF-checked pages. The signed
 * token is the only permission needed, and it can do nothing but stop announcement emails.
 */
export async function announcementUnsubscribeEndpoint(app: FastifyInstance) {
  await app.register(formbody, { bodyLimit: 4096 });
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post(
    `${ARCHIVE}/unsubscribe/:token`,
    {
      schema: { params: TokenParams, body: formFieldsOf(OneClickFields), hide: true },
      config: { access: "public" },
    },
    async (request, reply) => {
      const form = parseForm(OneClickFields, request.body);
      const userId = form.ok
        ? userFromUnsubscribeToken(app.config.sessionSecret, request.params.token)
        : null;
      const [user] = userId
        ? await app.db.select({ id: users.id }).from(users).where(eq(users.id, userId))
        : [];
      if (user) await setAnnouncementEmails(app.db, user.id, false);
      return reply.page(
        <UnsubscribePage ctx={reply.pageContext()} email={null} action={request.url} done={!!user} />,
        user ? 200 : form.ok ? 404 : 400,
      );
    },
  );
}
