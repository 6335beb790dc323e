import type { FastifyInstance } from "fastify";
import { accountsApi } from "./api";
import { emailChangeApi } from "./api-email-change";
import { feedTokensApi } from "./api-feeds";
import { accountPages } from "./pages";
import { accountSettingsPages } from "./pages-account";
import { emailChangePages } from "./pages-email-change";

/** Registration, email confirmation, sign-in, password reset and the account page, plus their API. */
export default async function accountsRoutes(app: FastifyInstance) {
  await app.register(accountPages(app));
  await app.register(accountSettingsPages(app));
  await app.register(emailChangePages(app));
  await app.register(accountsApi(app), { prefix: "/api/v1" });
  await app.register(emailChangeApi(app), { prefix: "/api/v1" });
  await app.register(feedTokensApi(app), { prefix: "/api/v1" });
}
