import type { Domain } from "../../platform/domain";
import { seedDirectoryDemo } from "./demo";
import { importJobHandlers } from "./nces-import";
import routes from "./routes";

export const directoryDomain: Domain = {
  name: "directory",
  routes,
  jobs: importJobHandlers,
  seedDemo: seedDirectoryDemo,
};
