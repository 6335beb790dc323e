import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream";
import { stringify } from "csv-stringify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { iterateAudit, listAudit } from "../../platform/audit";
import { formError, formFieldsOf, parseForm } from "../../platform/http/forms";
import { badRequest, notFound } from "../../platform/http/problem";
import { IdParams } from "../../platform/http/schemas";
import { resendVerification } from "../accounts/service";
import { listMembershipsOf } from "../teams/service";
import { ADMIN_ONLY, adminId } from "./api";
import { AUDIT_CSV_COLUMNS, auditCsvRow, auditFilters } from "./presenters";
import * as repo from "./repo";
import { AuditQuery, ButtonForm, JobIdParams, OutboxQuery, UpdateUserBody, UsersQuery } from "./schemas";
import { linksIn, retryJob, updateUserAccount } from "./service";
import { AuditPage } from "./views/audit";
import { adminT } from "./views/common";
import { DashboardPage } from "./views/dashboard";
import { JobsPage } from "./views/jobs";
import { OutboxMessagePage, OutboxPage } from "./views/outbox";
import { systemRoleLabel, UserDetailPage, UsersPage } from "./views/users";

const paging = (q: { page?: number; perPage?: number }) => ({ page: q.page ?? 1, perPage: q.perPage ?? 25 });
const hidden = { hide: true };
const config = { access: ADMIN_ONLY };

// The filters and forms as a browser sends them; each page checks them with parseForm and the
// same schema the API uses, and answers bad values with the form and its messages.
const UsersFilters = formFieldsOf(UsersQuery);
const OutboxFilters = formFieldsOf(OutboxQuery);
const AuditFilters = formFieldsOf(AuditQuery);
const UserForm = formFieldsOf(UpdateUserBody);

/** The admin pages. Every route here is behind `admin.manage`, declared on each. */
export async function adminPages(instance: FastifyInstance) {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get("/admin", { config, schema: hidden }, async (_request, reply) => {
    const counts = await repo.dashboardCounts(app.db);
    return reply.page(<DashboardPage ctx={reply.pageContext()} counts={counts} />);
  });

  app.get(
    "/admin/users",
    { config, schema: { ...hidden, querystring: UsersFilters } },
    async (request, reply) => {
      const ctx = reply.pageContext();
      const parsed = parseForm(UsersQuery, request.query);
      if (!parsed.ok) {
        const empty = { items: [], total: 0 };
        return reply.page(
          <UsersPage ctx={ctx} query={{}} values={parsed.values} errors={parsed.errors} result={empty} />,
          400,
        );
      }
      const result = await repo.searchUsers(app.db, parsed.value, paging(parsed.value));
      const values = request.query;
      return reply.page(<UsersPage ctx={ctx} query={parsed.value} values={values} result={result} />);
    },
  );

  const loadUserPage = async (id: string) => {
    const user = await repo.findUser(app.db, id);
    if (!user) throw notFound();
    return { user, memberships: await listMembershipsOf(app.db, id) };
  };

  app.get("/admin/users/:id", { config, schema: { ...hidden, params: IdParams } }, async (request, reply) => {
    const { id } = request.params;
    const data = await loadUserPage(id);
    return reply.page(<UserDetailPage ctx={reply.pageContext()} {...data} />);
  });

  app.post(
    "/admin/users/:id",
    { config, schema: { ...hidden, params: IdParams, body: UserForm } },
    async (request, reply) => {
      const { id } = request.params;
      const form = parseForm(UpdateUserBody, request.body);
      // A post that changes nothing (no role chosen, no disable or enable) is a form to fill in again.
      const parsed =
        form.ok && Object.keys(form.value).length === 0
          ? formError({}, "systemRole", { code: "required" })
          : form;
      if (!parsed.ok) {
        const data = await loadUserPage(id);
        const ctx = reply.pageContext();
        return reply.page(
          <UserDetailPage ctx={ctx} {...data} values={parsed.values} errors={parsed.errors} />,
          400,
        );
      }
      const result = await updateUserAccount(app.db, adminId(request), id, parsed.value);
      const t = adminT(request.locale);
      if (!result.ok) {
        if (result.reason === "notFound") throw notFound();
        const data = await loadUserPage(id);
        const problem = t(result.reason === "selfDemotion" ? "selfDemotion" : "selfDisable");
        return reply.page(<UserDetailPage ctx={reply.pageContext()} {...data} problem={problem} />, 409);
      }
      const user = (await repo.findUser(app.db, id))!;
      if (!result.changed) reply.flash("info", t("noChange"));
      else if (parsed.value.disabled === true)
        reply.flash("success", t("accountDisabled", { name: user.name }));
      else if (parsed.value.disabled === false)
        reply.flash("success", t("accountEnabled", { name: user.name }));
      else
        reply.flash(
          "success",
          t("roleChanged", { name: user.name, role: systemRoleLabel(t, user.systemRole) }),
        );
      return reply.redirect(`/admin/users/${id}`, 303);
    },
  );

  app.post(
    "/admin/users/:id/resend-verification",
    { config, schema: { ...hidden, params: IdParams, body: ButtonForm } },
    async (request, reply) => {
      const { id } = request.params;
      const user = await repo.findUser(app.db, id);
      if (!user) throw notFound();
      const result = await resendVerification(app.db, id, { publicUrl: app.config.publicUrl });
      const t = adminT(request.locale);
      if (result.ok) reply.flash("success", t("verificationSent", { email: user.email }));
      else reply.flash("warning", t(result.reason));
      return reply.redirect(`/admin/users/${id}`, 303);
    },
  );

  app.get(
    "/admin/outbox",
    { config, schema: { ...hidden, querystring: OutboxFilters } },
    async (request, reply) => {
      const ctx = reply.pageContext();
      const parsed = parseForm(OutboxQuery, request.query);
      if (!parsed.ok) {
        const empty = { items: [], total: 0 };
        return reply.page(
          <OutboxPage ctx={ctx} query={{}} values={parsed.values} errors={parsed.errors} result={empty} />,
          400,
        );
      }
      const result = await repo.listOutbox(app.db, parsed.value, paging(parsed.value));
      const values = request.query;
      return reply.page(<OutboxPage ctx={ctx} query={parsed.value} values={values} result={result} />);
    },
  );

  app.get(
    "/admin/outbox/:id",
    { config, schema: { ...hidden, params: IdParams } },
    async (request, reply) => {
      const { id } = request.params;
      const message = await repo.findOutboxMessage(app.db, id);
      if (!message) throw notFound();
      return reply.page(
        <OutboxMessagePage ctx={reply.pageContext()} message={message} links={linksIn(message.text)} />,
      );
    },
  );

  app.get(
    "/admin/audit",
    { config, schema: { ...hidden, querystring: AuditFilters } },
    async (request, reply) => {
      const ctx = reply.pageContext();
      const parsed = parseForm(AuditQuery, request.query);
      if (!parsed.ok) {
        const empty = { items: [], total: 0 };
        return reply.page(
          <AuditPage ctx={ctx} query={{}} values={parsed.values} errors={parsed.errors} result={empty} />,
          400,
        );
      }
      const result = await listAudit(app.db, auditFilters(parsed.value), paging(parsed.value));
      const values = request.query;
      return reply.page(<AuditPage ctx={ctx} query={parsed.value} values={values} result={result} />);
    },
  );

  app.get(
    "/admin/audit.csv",
    { config, schema: { ...hidden, querystring: AuditFilters } },
    async (request, reply) => {
      const parsed = parseForm(AuditQuery, request.query);
      if (!parsed.ok) throw badRequest("The filters are not valid.");
      const rows = Readable.from(iterateAudit(app.db, auditFilters(parsed.value)));
      const toRow = new Transform({
        objectMode: true,
        transform(entry, _encoding, done) {
          done(null, auditCsvRow(entry));
        },
      });
      const csv = stringify({ header: true, columns: AUDIT_CSV_COLUMNS });
      pipeline(rows, toRow, csv, (error) => {
        if (error) request.log.error({ err: error }, "audit export failed");
      });
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="audit-${day}.csv"`)
        .header("cache-control", "no-store")
        .send(csv);
    },
  );

  app.get("/admin/jobs", { config, schema: hidden }, async (_request, reply) => {
    const [counts, failed] = await Promise.all([repo.jobCounts(app.db), repo.failedJobs(app.db)]);
    return reply.page(<JobsPage ctx={reply.pageContext()} counts={counts} failed={failed} />);
  });

  app.post(
    "/admin/jobs/:id/retry",
    { config, schema: { ...hidden, params: JobIdParams, body: ButtonForm } },
    async (request, reply) => {
      const { id } = request.params;
      const outcome = await retryJob(app.db, adminId(request), id);
      if (outcome === "notFound") throw notFound();
      const t = adminT(request.locale);
      reply.flash(
        outcome === "retried" ? "success" : "warning",
        t(outcome === "retried" ? "retried" : "notFailed", { id }),
      );
      return reply.redirect("/admin/jobs", 303);
    },
  );
}
