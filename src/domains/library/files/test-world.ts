import { Readable } from "node:stream";
import { eq } from "drizzle-orm";
import { type BaseWorld, PRIVATE_MARKER, type ParamRule } from "../../../../test/support/world";
import { pdfOf } from "../../../../test/support/office-files";
import type { Actor } from "../../../platform/policy";
import { libraryResources } from "../resources/schema";
import { attachFile, megabytes } from "./service";
import { buildLibraryResource } from "./test-factories";

/** The files rows of the route-wide tests' world (see test/support/world.ts). */
export interface FilesWorld {
  /** The resource the file is attached to: the resources world's when it has one. */
  resourceSlug: string;
  /** A PDF attached to that members-only resource of the private community's shelf. */
  fileId: string;
}

export async function buildFilesWorld(base: BaseWorld, resources: object): Promise<FilesWorld> {
  const { db } = base.t;
  const lead = base.users.privateLead;
  const slugFromResources = (resources as { resourceSlug?: string }).resourceSlug;
  const resource = slugFromResources
    ? (await db.select().from(libraryResources).where(eq(libraryResources.slug, slugFromResources)))[0]!
    : await buildLibraryResource(db, lead.id, {
        title: `${PRIVATE_MARKER} handout`,
        communityId: base.privateCommunity.id,
        communityOnly: true,
      });
  const actor: Actor = { userId: lead.id, systemRole: lead.systemRole, emailVerified: true, memberships: [] };
  const file = await attachFile(
    db,
    actor,
    { id: resource.id, currentVersion: resource.currentVersion, shelfId: base.privateCommunity.id },
    { stream: Readable.from([pdfOf(2048)]), fileName: "handout.pdf", language: "en", maxBytes: megabytes(1) },
  );
  return { resourceSlug: resource.slug, fileId: file.id };
}

/** `:resourceSlug` here only until the resources world names one (its rule comes first). */
export const filesParamRules: ParamRule[] = [
  { param: "resourceSlug", value: (w) => w.library.files.resourceSlug },
  { param: "fileId", value: (w) => w.library.files.fileId },
];
