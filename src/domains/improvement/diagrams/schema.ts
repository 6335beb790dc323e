import { index, integer, pgTable, text, timestamp, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { improvementProjects } from "../plans/schema";

export const NODE_KINDS = ["driver", "change"] as const;
export type NodeKind = (typeof NODE_KINDS)[number];

/**
 * A node of a project's driver diagram. The aim is the project's own aim (the root); a driver
 * straight under it is a primary driver, one under a primary driver a secondary driver; change
 * ideas sit under a driver and have nothing under them. The level of a driver follows from where
 * it sits, so moving a node never leaves a stale label behind.
 */
export const improvementDriverNodes = pgTable(
  "improvement_driver_nodes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    projectId: uuid("project_id")
      .notNull()
      .references(() => improvementProjects.id, { onDelete: "cascade" }),
    /** Null: straight under the aim. */
    parentId: uuid("parent_id").references((): AnyPgColumn => improvementDriverNodes.id, {
      onDelete: "cascade",
    }),
    kind: text("kind").$type<NodeKind>().notNull(),
    title: text("title").notNull(),
    position: integer("position").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("improvement_driver_nodes_project_idx").on(t.projectId, t.position),
    index("improvement_driver_nodes_parent_idx").on(t.parentId),
  ],
);
