import { Type } from "@sinclair/typebox";
import { SingleLine, StringEnum, Uuid } from "../../../platform/http/schemas";
import { NODE_KINDS } from "./schema";

export const NodeParams = Type.Object({ nodeId: Uuid() });

const Title = () => SingleLine({ maxLength: 200, description: "What the driver or change idea is" });

/** A primary driver (from the diagram page). */
export const PrimaryForm = Type.Object({ title: Title() });
/** Something under a driver (from its page): a driver (secondary) or a change idea. */
export const ChildForm = Type.Object({ kind: StringEnum(NODE_KINDS), childTitle: Title() });
export const RenameForm = Type.Object({ title: Title() });
/** Where to move a node: "aim" or a driver's id. */
export const MoveForm = Type.Object({
  parentId: Type.Union([Type.Literal("aim"), Uuid()], { description: '"aim" or the id of a driver' }),
});

export const NodeInput = Type.Object({
  parentId: Type.Optional(
    Type.Union([Uuid("The driver it goes under"), Type.Null()], { description: "null: under the aim" }),
  ),
  kind: StringEnum(NODE_KINDS, { description: "driver or change (a change idea)" }),
  title: Title(),
});
export const NodePatch = Type.Object({
  title: Type.Optional(Title()),
  parentId: Type.Optional(
    Type.Union([Uuid("The driver to move it under"), Type.Null()], { description: "null: under the aim" }),
  ),
});

export const NodeResponse = Type.Object({
  id: Type.String({ format: "uuid" }),
  projectId: Type.String({ format: "uuid" }),
  parentId: Type.Union([Type.String(), Type.Null()]),
  kind: Type.String(),
  /** primary, secondary or change. */
  level: Type.String(),
  depth: Type.Integer(),
  title: Type.String(),
  position: Type.Integer(),
});
export const DiagramResponse = Type.Object({
  aim: Type.Object({
    what: Type.Union([Type.String(), Type.Null()]),
    howMuch: Type.Union([Type.String(), Type.Null()]),
  }),
  /** Depth first, in position order: a parent comes before what is under it. */
  nodes: Type.Array(NodeResponse),
});
