import { eq, sql } from "drizzle-orm";
import { recordAudit } from "../../platform/audit";
import type { Db, DbOrTx } from "../../platform/db/client";
import type { OrganisationInputValue, OrganisationPatchValue } from "./contracts";
import { type OrgKind, organisations } from "./schema";
import { findByNcesId, getNation, getOrganisation, getStateByCode, type Organisation } from "./service";

export type PlacementCode =
  | "parentMissing"
  | "parentKind"
  | "stateRequired"
  | "ncesFormat"
  | "ncesNotAllowed"
  | "ncesTaken"
  | "cycle"
  | "locked"
  | "hasChildren";

/** An input that passed the schema but breaks a rule of the directory, tied to one field. */
export class OrganisationRuleError extends Error {
  constructor(
    public field: string,
    public code: PlacementCode,
  ) {
    super(`${field}: ${code}`);
  }
}

/** The kind of parent each kind hangs from. */
const PARENT_KIND: Record<string, OrgKind> = {
  school: "district",
  district: "state",
  state_initiative: "state",
  partner: "nation",
};

const NCES_LENGTH: Partial<Record<OrgKind, number>> = { school: 12, district: 7 };

interface Placement {
  parentId: string;
  ancestorIds: string[];
  stateCode: string | null;
}

/** Where an organisation sits: its parent (checked for kind) and, from it, its ancestors and state. */
async function resolvePlacement(
  tx: DbOrTx,
  kind: OrgKind,
  parentId: string | null | undefined,
  stateCode: string | null | undefined,
): Promise<Placement> {
  const wanted = PARENT_KIND[kind]!;
  let parent: Organisation | null = null;
  if (parentId) parent = await getOrganisation(tx, parentId);
  else if (wanted === "state" && stateCode) parent = await getStateByCode(tx, stateCode);
  else if (wanted === "nation") parent = await getNation(tx);
  if (!parent) {
    if (parentId) throw new OrganisationRuleError("parentId", "parentMissing");
    throw new OrganisationRuleError(
      wanted === "state" ? "stateCode" : "parentId",
      wanted === "state" ? "stateRequired" : "parentMissing",
    );
  }
  if (parent.kind !== wanted) throw new OrganisationRuleError("parentId", "parentKind");
  return {
    parentId: parent.id,
    ancestorIds: [...parent.ancestorIds, parent.id],
    stateCode: parent.stateCode ?? (kind === "partner" ? (stateCode ?? null) : null),
  };
}

async function checkNcesId(tx: DbOrTx, kind: OrgKind, ncesId: string | null | undefined, selfId?: string) {
  if (!ncesId) return;
  const length = NCES_LENGTH[kind];
  if (!length) throw new OrganisationRuleError("ncesId", "ncesNotAllowed");
  if (ncesId.length !== length) throw new OrganisationRuleError("ncesId", "ncesFormat");
  const existing = await findByNcesId(tx, ncesId);
  if (existing && existing.id !== selfId) throw new OrganisationRuleError("ncesId", "ncesTaken");
}

const auditShape = (org: Organisation) => {
  const { createdAt: _c, updatedAt: _u, ...rest } = org;
  return rest;
};

/** A national administrator adds an organisation; the change and its audit entry are one transaction. */
export async function createOrganisation(
  db: Db,
  actorId: string,
  input: OrganisationInputValue,
): Promise<Organisation> {
  return db.transaction(async (tx) => {
    const placement = await resolvePlacement(tx, input.kind, input.parentId, input.stateCode);
    await checkNcesId(tx, input.kind, input.ncesId);
    const [org] = await tx
      .insert(organisations)
      .values({
        kind: input.kind,
        name: input.name,
        ...placement,
        ncesId: input.ncesId ?? null,
        address: input.address ?? null,
        city: input.city ?? null,
        zip: input.zip ?? null,
        gradeLow: input.gradeLow ?? null,
        gradeHigh: input.gradeHigh ?? null,
        locale: input.locale ?? null,
        enrollment: input.enrollment ?? null,
        website: input.website ?? null,
        description: input.description ?? null,
      })
      .returning();
    await recordAudit(tx, {
      actorId,
      action: "organisation.create",
      entityType: "organisation",
      entityId: org!.id,
      scopeId: org!.id,
      after: auditShape(org!),
    });
    return org!;
  });
}

const DETAIL_FIELDS = [
  "name",
  "address",
  "city",
  "zip",
  "gradeLow",
  "gradeHigh",
  "locale",
  "enrollment",
  "website",
  "description",
] as const;

/**
 * Changes an organisation. Moving it under another parent rewrites the ancestors of everything
 * below it in the same statement, so scope checks stay one array test.
 */
export async function updateOrganisation(
  db: Db,
  actorId: string,
  id: string,
  patch: OrganisationPatchValue,
): Promise<Organisation | null> {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(organisations).where(eq(organisations.id, id)).for("update");
    if (!before) return null;
    const changes: Partial<typeof organisations.$inferInsert> = {};
    for (const field of DETAIL_FIELDS) {
      if (patch[field] !== undefined) (changes as Record<string, unknown>)[field] = patch[field];
    }
    const placementTouched =
      patch.kind !== undefined ||
      patch.parentId !== undefined ||
      patch.stateCode !== undefined ||
      patch.ncesId !== undefined;
    if (placementTouched) {
      if (before.kind === "nation" || before.kind === "state") {
        const sameKind = patch.kind === undefined;
        const same =
          sameKind &&
          (patch.parentId === undefined || patch.parentId === before.parentId) &&
          (patch.stateCode === undefined || patch.stateCode === before.stateCode) &&
          (patch.ncesId === undefined || patch.ncesId === before.ncesId);
        if (!same) throw new OrganisationRuleError(sameKind ? "parentId" : "kind", "locked");
      } else {
        const kind = patch.kind ?? before.kind;
        if (kind !== before.kind) {
          const [child] = await tx
            .select({ id: organisations.id })
            .from(organisations)
            .where(eq(organisations.parentId, id))
            .limit(1);
          if (child) throw new OrganisationRuleError("kind", "hasChildren");
        }
        const parentId = patch.parentId === undefined ? before.parentId : patch.parentId;
        const stateCode = patch.stateCode === undefined ? before.stateCode : patch.stateCode;
        // A new state with no new parent means "move under that state".
        const moveByState =
          patch.stateCode !== undefined && patch.parentId === undefined && PARENT_KIND[kind] === "state";
        const placement = await resolvePlacement(tx, kind, moveByState ? null : parentId, stateCode);
        if (placement.ancestorIds.includes(id)) throw new OrganisationRuleError("parentId", "cycle");
        const ncesId = patch.ncesId === undefined ? before.ncesId : patch.ncesId;
        await checkNcesId(tx, kind, ncesId, id);
        Object.assign(changes, { kind, ncesId, ...placement });
      }
    }
    const [after] = await tx
      .update(organisations)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(organisations.id, id))
      .returning();
    if (changes.parentId !== undefined && changes.parentId !== before.parentId) {
      const prefix = [...after!.ancestorIds, id];
      await tx.execute(sql`update organisations
        set ancestor_ids = ${sql`array[${sql.join(
          prefix.map((a) => sql`${a}`),
          sql`, `,
        )}]::uuid[]`} || ancestor_ids[array_position(ancestor_ids, ${id}::uuid) + 1 :],
            state_code = coalesce(${after!.stateCode}, state_code)
        where ancestor_ids @> array[${id}::uuid]`);
    }
    await recordAudit(tx, {
      actorId,
      action: "organisation.update",
      entityType: "organisation",
      entityId: id,
      scopeId: id,
      before: auditShape(before),
      after: auditShape(after!),
    });
    return after!;
  });
}
