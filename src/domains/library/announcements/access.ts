import type { FastifyRequest } from "fastify";
import { type Access, uuidParam } from "../../../platform/http/access";
import { notFound } from "../../../platform/http/problem";
import {
  type Announcement,
  type ArchiveItem,
  announcementResource,
  archiveItem,
  findAnnouncement,
  findSender,
  type Sender,
  senderIdOf,
} from "./service";

/*
 * What each announcements route acts on, found before the policy decides: the sender a draft is
 * written for (`announcement.send`), or a sent announcement as a library item (`library.read`).
 * Everything is refused with 404, so nobody learns that a private community's announcement or
 * draft exists.
 */

interface Loaded {
  sender?: Sender;
  draft?: Announcement;
  item?: ArchiveItem;
}
const loaded = new WeakMap<FastifyRequest, Loaded>();

export const sendAsSender: Access = {
  action: "announcement.send",
  refuse: 404,
  load: async (request, actor) => {
    const sender = await findSender(request.server.db, uuidParam(request, "senderId"), actor);
    if (!sender) throw notFound();
    loaded.set(request, { sender });
    return sender.resource;
  },
};

/** A draft, acted on by whoever may send as its sender. */
export const sendDraft: Access = {
  action: "announcement.send",
  refuse: 404,
  load: async (request, actor) => {
    const draft = await findAnnouncement(request.server.db, uuidParam(request, "draftId"));
    if (!draft) throw notFound();
    const sender = await findSender(request.server.db, senderIdOf(draft), actor);
    if (!sender) throw notFound();
    loaded.set(request, { sender, draft });
    return sender.resource;
  },
};

/** A sent announcement, read under the library's rule (community-only ones by the community's members). */
export const readAnnouncement: Access = {
  action: "library.read",
  refuse: 404,
  load: async (request, actor) => {
    const db = request.server.db;
    const id = uuidParam(request, "announcementId");
    const [row, item] = [await findAnnouncement(db, id), await archiveItem(db, id)];
    if (!row || !item) throw notFound();
    loaded.set(request, { item });
    return announcementResource(db, row, actor);
  },
};

export function loadedSender(request: FastifyRequest): Sender {
  const found = loaded.get(request)?.sender;
  if (!found) throw new Error("This route declares no sender loader.");
  return found;
}

export function loadedDraft(request: FastifyRequest): Announcement {
  const found = loaded.get(request)?.draft;
  if (!found) throw new Error("This route declares no draft loader.");
  return found;
}

export function loadedItem(request: FastifyRequest): ArchiveItem {
  const found = loaded.get(request)?.item;
  if (!found) throw new Error("This route declares no announcement loader.");
  return found;
}
