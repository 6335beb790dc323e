import type { FastifyInstance } from "fastify";
import { accountsApi } from "./api";
import { accountPages } from "./pages";

/** Registration, email confirmation, sign-in, password reset and the account page, plus their API. */
export default async function accountsRoutes(app: FastifyInstance) {
  await app.register(accountPages(app));
  await app.register(accountsApi(app), { prefix: "/api/v1" });
}
