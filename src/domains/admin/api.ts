import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Access } from "../../platform/http/access";
import { listAudit } from "../../platform/audit";
import { conflict, HttpProblem, notFound } from "../../platform/http/problem";
import { IdParams, problemResponses } from "../../platform/http/schemas";
import { resendVerification } from "../accounts/service";
import { listMembershipsOf } from "../teams/service";
import {
  auditFilters,
  presentAudit,
  presentOutbox,
  presentOutboxMessage,
  presentUser,
  presentUserDetail,
} from "./presenters";
import * as repo from "./repo";
import {
  AuditListResponse,
  AuditQuery,
  JobIdParams,
  JobRetryResponse,
  JobsResponse,
  OutboxListResponse,
  OutboxMessageResponse,
  OutboxQuery,
  ResendVerificationResponse,
  UpdateUserBody,
  UserDetailResponse,
  UserListResponse,
  UsersQuery,
} from "./schemas";
import { linksIn, retryJob, updateUserAccount } from "./service";

const tags = ["admin"];
const paging = (q: { page?: number; perPage?: number }) => ({ page: q.page ?? 1, perPage: q.perPage ?? 25 });

const SELF_RULES = {
  selfDemotion: "You cannot remove your own admin role. Ask another national admin to do it.",
  selfDisable: "You cannot disable your own account. Ask another national admin to do it.",
};

/** Every admin route declares this: national administrators only, checked before validation. */
export const ADMIN_ONLY: Access = { action: "admin.manage" };
const config = { access: ADMIN_ONLY };

/** The signed-in admin acting; only reached once the declared `admin.manage` rule let them in. */
export const adminId = (request: FastifyRequest): string => request.viewer!.id;

/** The admin JSON API under /api/v1/admin. Every route is behind `admin.manage`. */
export async function adminApi(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/users",
    {
      config,
      schema: {
        tags,
        summary: "Find accounts by name or email, system role and stakeholder role",
        querystring: UsersQuery,
        response: { 200: UserListResponse, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const query = request.query;
      const page = paging(query);
      const result = await repo.searchUsers(app.db, query, page);
      return { items: result.items.map(presentUser), total: result.total, ...page };
    },
  );

  const userDetail = async (id: string) => {
    const user = await repo.findUser(app.db, id);
    if (!user) throw notFound();
    return presentUserDetail(user, await listMembershipsOf(app.db, id));
  };

  app.get(
    "/users/:id",
    {
      config,
      schema: {
        tags,
        summary: "One account with its team memberships",
        params: IdParams,
        response: { 200: UserDetailResponse, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => userDetail(request.params.id),
  );

  app.patch(
    "/users/:id",
    {
      config,
      schema: {
        tags,
        summary: "Change an account's system role, or disable or enable it (disabling ends its sessions)",
        params: IdParams,
        body: UpdateUserBody,
        response: { 200: UserDetailResponse, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const result = await updateUserAccount(app.db, adminId(request), id, request.body);
      if (!result.ok) {
        if (result.reason === "notFound") throw notFound();
        throw conflict(SELF_RULES[result.reason]);
      }
      return userDetail(id);
    },
  );

  app.post(
    "/users/:id/resend-verification",
    {
      config,
      schema: {
        tags,
        summary: "Send a new email-verification link to a person who has not confirmed their address",
        params: IdParams,
        response: { 202: ResendVerificationResponse, ...problemResponses(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      if (!(await repo.findUser(app.db, id))) throw notFound();
      const result = await resendVerification(app.db, id, { publicUrl: app.config.publicUrl });
      if (!result.ok) {
        if (result.reason === "alreadyVerified") throw conflict("This email address is already verified.");
        throw new HttpProblem(
          429,
          "Too Many Requests",
          "Too many verification emails were sent to this person recently.",
        );
      }
      return reply.status(202).send({ queued: true });
    },
  );

  app.get(
    "/outbox",
    {
      config,
      schema: {
        tags,
        summary: "Emails the platform has queued or sent, newest first",
        querystring: OutboxQuery,
        response: { 200: OutboxListResponse, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const query = request.query;
      const page = paging(query);
      const result = await repo.listOutbox(app.db, query, page);
      return { items: result.items.map(presentOutbox), total: result.total, ...page };
    },
  );

  app.get(
    "/outbox/:id",
    {
      config,
      schema: {
        tags,
        summary: "One email with its plain-text body and the links in it",
        params: IdParams,
        response: { 200: OutboxMessageResponse, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const message = await repo.findOutboxMessage(app.db, request.params.id);
      if (!message) throw notFound();
      return presentOutboxMessage(message, linksIn(message.text));
    },
  );

  app.get(
    "/audit",
    {
      config,
      schema: {
        tags,
        summary: "The audit trail, newest first, with the keys each entry changed",
        querystring: AuditQuery,
        response: { 200: AuditListResponse, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const query = request.query;
      const page = paging(query);
      const result = await listAudit(app.db, auditFilters(query), page);
      return { items: result.items.map(presentAudit), total: result.total, ...page };
    },
  );

  app.get(
    "/jobs",
    {
      config,
      schema: {
        tags,
        summary: "Background jobs by kind and status, and the failed ones with their last error",
        response: { 200: JobsResponse, ...problemResponses(401, 403) },
      },
    },
    async () => {
      const [counts, failed] = await Promise.all([repo.jobCounts(app.db), repo.failedJobs(app.db)]);
      return { counts, failed: failed.map((j) => ({ ...j, createdAt: j.createdAt.toISOString() })) };
    },
  );

  app.post(
    "/jobs/:id/retry",
    {
      config,
      schema: {
        tags,
        summary: "Queue a failed job to run again",
        params: JobIdParams,
        response: { 200: JobRetryResponse, ...problemResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const outcome = await retryJob(app.db, adminId(request), id);
      if (outcome === "notFound") throw notFound();
      if (outcome === "notFailed") throw conflict("Only failed jobs can be retried.");
      return { id, status: "queued" };
    },
  );
}
