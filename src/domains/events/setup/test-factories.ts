import type { DbOrTx } from "../../../platform/db/client";
import type { Actor, ScopeResource } from "../../../platform/policy";
import { addMembership, buildUser } from "../../../seed/factories";
import { getStateByCode } from "../../directory/service";

/**
 * A member of a state's team, who may organise that state's events (tests): the account, the
 * policy's actor for calling services as them, and the state as the scope events are made in.
 */
export async function stateOrganiser(db: DbOrTx, stateCode: string, name: string) {
  const state = (await getStateByCode(db, stateCode))!;
  const user = await buildUser(db, { name });
  await addMembership(db, user.id, state.id, "member");
  const actor: Actor = {
    userId: user.id,
    systemRole: "user",
    emailVerified: true,
    memberships: [{ organisationId: state.id, role: "member" }],
  };
  const scope: ScopeResource = { id: state.id, ancestorIds: state.ancestorIds };
  return { user, actor, scope };
}
