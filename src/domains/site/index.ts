import type { Domain } from "../../platform/domain";
import routes from "./routes";

export const siteDomain: Domain = { name: "site", routes };
