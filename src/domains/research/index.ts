import type { Domain } from "../../platform/domain";
import routes from "./routes";

/** Research access: applications, approvals, de-identified school-level files and codebooks. */
export const researchDomain: Domain = { name: "research", routes };
