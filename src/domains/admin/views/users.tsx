import { STAKEHOLDER_ROLES, SYSTEM_ROLES } from "../../../platform/auth/schema";
import type { FieldErrors, FormValues } from "../../../platform/http/forms";
import type { PageContext } from "../../../platform/ui/context";
import {
  ActionButton,
  Alert,
  Button,
  ErrorSummary,
  Form,
  type FormState,
  Pagination,
  SelectField,
  Table,
  TextField,
} from "../../../platform/ui/components";
import { Layout } from "../../../platform/ui/layout";
import type { MembershipSummary } from "../../teams/service";
import type { AdminMessages } from "../messages";
import type { UserRow } from "../repo";
import type { UsersQuery } from "../schemas";
import { adminCrumbs, adminT, formatTime, pageCount, pageLink } from "./common";

type T = ReturnType<typeof adminT>;

export const systemRoleLabel = (t: T, role: string) => t(`role_${role}` as keyof AdminMessages);
export const stakeholderLabel = (t: T, role: string) => t(`sh_${role}` as keyof AdminMessages);

function statusOf(t: T, user: Pick<UserRow, "disabledAt" | "emailVerifiedAt">) {
  if (user.disabledAt) return t("statusDisabled");
  if (!user.emailVerifiedAt) return t("statusUnverified");
  return t("statusActive");
}

export function UsersPage(props: {
  ctx: PageContext;
  query: UsersQuery;
  values: FormValues;
  errors?: FieldErrors;
  result: { items: UserRow[]; total: number };
}) {
  const { ctx, query, result } = props;
  const t = adminT(ctx.locale);
  const labels = { q: t("searchLabel"), systemRole: t("systemRole"), stakeholderRole: t("stakeholderRole") };
  const state: FormState = { locale: ctx.locale, values: props.values, errors: props.errors, labels };
  const perPage = query.perPage ?? 25;
  return (
    <Layout
      ctx={ctx}
      title={t("usersTitle")}
      breadcrumbs={adminCrumbs(ctx.locale, { label: t("usersTitle") })}
    >
      <h1>{t("usersTitle")}</h1>
      <ErrorSummary state={state} />
      <h2>{t("filtersHeading")}</h2>
      <Form action="/admin/users" method="get">
        <TextField state={state} name="q" label={labels.q} type="search" maxLength={200} />
        <SelectField
          state={state}
          name="systemRole"
          label={labels.systemRole}
          placeholder={t("any")}
          choices={SYSTEM_ROLES.map((r) => ({ value: r, label: systemRoleLabel(t, r) }))}
        />
        <SelectField
          state={state}
          name="stakeholderRole"
          label={labels.stakeholderRole}
          placeholder={t("any")}
          choices={STAKEHOLDER_ROLES.map((r) => ({ value: r, label: stakeholderLabel(t, r) }))}
        />
        <Button>{t("apply")}</Button> <a href="/admin/users">{t("clear")}</a>
      </Form>
      <h2>{t("results", { total: result.total })}</h2>
      {result.items.length === 0 ? (
        <p>{t("noResults")}</p>
      ) : (
        <Table
          caption={t("usersCaption")}
          headers={[t("name"), t("email"), t("systemRole"), t("stakeholderRole"), t("state"), t("status")]}
          rows={result.items.map((u) => [
            <a href={`/admin/users/${u.id}`}>{u.name}</a>,
            u.email,
            systemRoleLabel(t, u.systemRole),
            stakeholderLabel(t, u.stakeholderRole),
            u.stateCode ?? "",
            statusOf(t, u),
          ])}
        />
      )}
      <Pagination
        locale={ctx.locale}
        page={query.page ?? 1}
        pages={pageCount(result.total, perPage)}
        hrefFor={(page) => pageLink("/admin/users", query, page)}
      />
    </Layout>
  );
}

export function UserDetailPage(props: {
  ctx: PageContext;
  user: UserRow;
  memberships: MembershipSummary[];
  values?: FormValues;
  errors?: FieldErrors;
  problem?: string;
}) {
  const { ctx, user } = props;
  const t = adminT(ctx.locale);
  const isSelf = ctx.viewer?.id === user.id;
  const state: FormState = {
    locale: ctx.locale,
    values: props.values ?? { systemRole: user.systemRole },
    errors: props.errors,
    labels: { systemRole: t("systemRole"), disabled: t("accessHeading") },
  };
  const action = `/admin/users/${user.id}`;
  return (
    <Layout
      ctx={ctx}
      title={user.name}
      breadcrumbs={adminCrumbs(
        ctx.locale,
        { label: t("usersTitle"), href: "/admin/users" },
        { label: user.name },
      )}
    >
      <h1>
        {user.name} {isSelf ? <span class="smh-meta">{t("you")}</span> : null}
      </h1>
      {props.problem ? (
        <Alert kind="error" slim>
          {props.problem}
        </Alert>
      ) : null}
      <ErrorSummary state={state} />
      <h2>{t("detailsHeading")}</h2>
      <dl>
        <dt class="text-bold">{t("email")}</dt>
        <dd class="margin-left-0 margin-bottom-1">{user.email}</dd>
        <dt class="text-bold">{t("systemRole")}</dt>
        <dd class="margin-left-0 margin-bottom-1">{systemRoleLabel(t, user.systemRole)}</dd>
        <dt class="text-bold">{t("stakeholderRole")}</dt>
        <dd class="margin-left-0 margin-bottom-1">{stakeholderLabel(t, user.stakeholderRole)}</dd>
        <dt class="text-bold">{t("state")}</dt>
        <dd class="margin-left-0 margin-bottom-1">{user.stateCode ?? ""}</dd>
        <dt class="text-bold">{t("status")}</dt>
        <dd class="margin-left-0 margin-bottom-1">{statusOf(t, user)}</dd>
        <dt class="text-bold">{t("emailVerifiedAt")}</dt>
        <dd class="margin-left-0 margin-bottom-1">
          {user.emailVerifiedAt ? formatTime(user.emailVerifiedAt, ctx.locale) : t("notYet")}
        </dd>
        {user.disabledAt ? (
          <>
            <dt class="text-bold">{t("disabledAt")}</dt>
            <dd class="margin-left-0 margin-bottom-1">{formatTime(user.disabledAt, ctx.locale)}</dd>
          </>
        ) : null}
        <dt class="text-bold">{t("created")}</dt>
        <dd class="margin-left-0 margin-bottom-1">{formatTime(user.createdAt, ctx.locale)}</dd>
      </dl>
      <h2>{t("membershipsHeading")}</h2>
      {props.memberships.length === 0 ? (
        <p>{t("noMemberships")}</p>
      ) : (
        <Table
          caption={t("membershipsCaption")}
          headers={[t("organisation"), t("kind"), t("state"), t("teamRole"), t("since")]}
          rows={props.memberships.map((m) => [
            m.organisationName,
            t(`one_${m.organisationKind}` as keyof AdminMessages),
            m.stateCode ?? "",
            t(`team_${m.role}` as keyof AdminMessages),
            formatTime(m.since, ctx.locale),
          ])}
        />
      )}
      <h2>{t("changeRoleHeading")}</h2>
      <Form action={action} csrfToken={ctx.csrfToken}>
        <SelectField
          state={state}
          name="systemRole"
          label={t("systemRole")}
          hint={t("changeRoleHint")}
          required
          choices={SYSTEM_ROLES.map((r) => ({ value: r, label: systemRoleLabel(t, r) }))}
        />
        <Button>{t("changeRole")}</Button>
      </Form>
      {user.emailVerifiedAt ? null : (
        <>
          <h2>{t("verificationHeading")}</h2>
          <p>{t("verificationHint")}</p>
          <ActionButton
            action={`${action}/resend-verification`}
            csrfToken={ctx.csrfToken}
            label={t("resendVerification")}
            variant="outline"
          />
        </>
      )}
      <h2>{t("accessHeading")}</h2>
      <p>{t("disableHint")}</p>
      {user.disabledAt ? (
        <ActionButton
          action={action}
          csrfToken={ctx.csrfToken}
          label={t("enable")}
          hidden={{ disabled: "false" }}
        />
      ) : (
        <ActionButton
          action={action}
          csrfToken={ctx.csrfToken}
          label={t("disable")}
          variant="secondary"
          hidden={{ disabled: "true" }}
        />
      )}
    </Layout>
  );
}
