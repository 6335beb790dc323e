import { Type } from "@sinclair/typebox";
import { Uuid } from "../../../platform/http/schemas";

/** A file of an application: its instrument key and school year. */
export const FileParams = Type.Object({
  id: Uuid("The research application"),
  instrument: Type.String({ pattern: "^[a-z][a-z0-9-]{0,39}$", description: "Instrument key, e.g. quality" }),
  year: Type.String({ pattern: "^[0-9]{4}-[0-9]{2}$", description: 'School year, e.g. "2024-25"' }),
});

const Variable = Type.Object({
  name: Type.String(),
  label: Type.String(),
  type: Type.String(),
  values: Type.String(),
  versions: Type.Array(Type.Integer()),
});

export const CodebookResponse = Type.Object({
  instrumentKey: Type.String(),
  schoolYear: Type.String(),
  title: Type.String(),
  generatedAt: Type.String(),
  versions: Type.Array(
    Type.Object({ version: Type.Integer(), publishedAt: Type.String(), title: Type.String() }),
  ),
  variables: Type.Array(Variable),
  minSchoolsPerCombination: Type.Integer(),
  coarseningOrder: Type.Array(Type.String()),
  coarsening: Type.Object({
    full: Type.Integer(),
    withoutBand: Type.Integer(),
    stateOnly: Type.Integer(),
    none: Type.Integer(),
    leftOut: Type.Integer(),
  }),
  rows: Type.Integer(),
  smallCount: Type.String(),
  enrolmentBands: Type.Array(Type.String()),
});
