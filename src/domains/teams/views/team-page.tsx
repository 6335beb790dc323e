import { translator } from "../../../platform/i18n";
import {
  ActionButton,
  ErrorSummary,
  Form,
  type FormState,
  RadioGroup,
  Table,
  TextField,
} from "../../../platform/ui/components";
import type { PageContext } from "../../../platform/ui/context";
import { Layout } from "../../../platform/ui/layout";
import type { Organisation } from "../../directory/service";
import { teamsCatalog } from "../messages";
import type { teamOverview } from "../service";
import { formatDate, MultiLineText, stakeholderLabel, teamCrumbs, teamRoleLabel } from "./shared";

type Overview = Awaited<ReturnType<typeof teamOverview>>;

export function TeamPage(props: { ctx: PageContext; team: Overview; invite?: FormState }) {
  const { ctx, team } = props;
  const { org } = team;
  const t = translator(teamsCatalog, ctx.locale);
  const inviteState: FormState = props.invite ?? { locale: ctx.locale, values: { role: "member" } };
  inviteState.labels = { email: t("inviteEmail"), role: t("inviteRole") };
  return (
    <Layout ctx={ctx} title={t("teamTitle", { name: org.name })} breadcrumbs={teamCrumbs(ctx.locale, org)}>
      {props.invite?.errors ? <ErrorSummary state={inviteState} /> : null}
      <h1>{t("teamTitle", { name: org.name })}</h1>
      <p class="usa-intro">{t("teamIntro", { name: org.name })}</p>
      <h2>{t("membersHeading")}</h2>
      <Members ctx={ctx} team={team} />
      {team.canManage ? (
        <>
          <Requests ctx={ctx} team={team} />
          <Invitations ctx={ctx} team={team} />
          <h2>{t("inviteHeading")}</h2>
          <p>{t("inviteIntro")}</p>
          <Form action={`/organisations/${org.id}/invitations`} csrfToken={ctx.csrfToken}>
            <TextField
              state={inviteState}
              name="email"
              label={t("inviteEmail")}
              type="email"
              autocomplete="off"
              required
            />
            <RadioGroup
              state={inviteState}
              name="role"
              label={t("inviteRole")}
              required
              choices={[
                { value: "member", label: t("roleMember") },
                { value: "lead", label: t("roleLead") },
              ]}
            />
            <button type="submit" class="usa-button">
              {t("inviteSend")}
            </button>
          </Form>
        </>
      ) : null}
      {team.canLeave ? (
        <>
          <h2>{t("leaveHeading")}</h2>
          <p>{t("leaveIntro")}</p>
          <p>
            <a class="usa-button usa-button--outline" href={`/organisations/${org.id}/leave`}>
              {t("leaveButton")}
            </a>
          </p>
        </>
      ) : null}
    </Layout>
  );
}

function Members({ ctx, team }: { ctx: PageContext; team: Overview }) {
  const t = translator(teamsCatalog, ctx.locale);
  const { org } = team;
  if (team.members.length === 0) return <p>{t("noMembers")}</p>;
  const headers = [t("colName"), t("colStakeholder"), t("colTeamRole"), t("colJoined")];
  if (team.canManage) headers.push(t("colActions"));
  const rows = team.members.map((m) => {
    const row = [
      m.name,
      stakeholderLabel(ctx.locale, m.stakeholderRole),
      teamRoleLabel(ctx.locale, m.role),
      formatDate(ctx.locale, m.joinedAt),
    ];
    if (!team.canManage) return row;
    const newRole = m.role === "lead" ? "member" : "lead";
    return [
      ...row,
      <>
        <ActionButton
          action={`/organisations/${org.id}/members/${m.id}/role`}
          csrfToken={ctx.csrfToken}
          label={t(newRole === "lead" ? "makeLead" : "makeMember")}
          context={m.name}
          variant="outline"
          hidden={{ role: newRole }}
        />{" "}
        <a class="usa-button usa-button--secondary" href={`/organisations/${org.id}/members/${m.id}/remove`}>
          {t("remove")}
          <span class="usa-sr-only">: {m.name}</span>
        </a>
      </>,
    ];
  });
  return <Table caption={t("membersCaption", { name: org.name })} headers={headers} rows={rows} stacked />;
}

function Requests({ ctx, team }: { ctx: PageContext; team: Overview }) {
  const t = translator(teamsCatalog, ctx.locale);
  const org: Organisation = team.org;
  return (
    <>
      <h2>{t("requestsHeading")}</h2>
      {team.requests.length === 0 ? (
        <p>{t("noRequests")}</p>
      ) : (
        // Not the platform's scrollable Table: long messages must wrap so the buttons stay in view.
        <table class="usa-table usa-table--borderless usa-table--stacked width-full">
          <caption>{t("requestsCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("colName")}</th>
              <th scope="col">{t("colMessage")}</th>
              <th scope="col">{t("colRequested")}</th>
              <th scope="col">{t("colActions")}</th>
            </tr>
          </thead>
          <tbody>
            {team.requests.map((r) => (
              <tr>
                <th scope="row" data-label={t("colName")}>
                  {r.name}
                  <br />
                  <span class="text-normal">
                    {stakeholderLabel(ctx.locale, r.stakeholderRole)} · {r.email}
                  </span>
                </th>
                <td data-label={t("colMessage")}>{r.message ? <MultiLineText text={r.message} /> : ""}</td>
                <td data-label={t("colRequested")}>{formatDate(ctx.locale, r.createdAt)}</td>
                <td data-label={t("colActions")}>
                  <ActionButton
                    action={`/organisations/${org.id}/join-requests/${r.id}/approve`}
                    csrfToken={ctx.csrfToken}
                    label={t("approve")}
                    context={r.name}
                  />{" "}
                  <ActionButton
                    action={`/organisations/${org.id}/join-requests/${r.id}/decline`}
                    csrfToken={ctx.csrfToken}
                    label={t("decline")}
                    context={r.name}
                    variant="outline"
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function Invitations({ ctx, team }: { ctx: PageContext; team: Overview }) {
  const t = translator(teamsCatalog, ctx.locale);
  const now = Date.now();
  return (
    <>
      <h2>{t("invitationsHeading")}</h2>
      {team.invitations.length === 0 ? (
        <p>{t("noInvitations")}</p>
      ) : (
        <Table
          caption={t("invitationsCaption")}
          headers={[t("colEmail"), t("colTeamRole"), t("colExpires"), t("colActions")]}
          stacked
          rows={team.invitations.map((i) => [
            i.email,
            teamRoleLabel(ctx.locale, i.role),
            i.expiresAt.getTime() < now ? t("expired") : formatDate(ctx.locale, i.expiresAt),
            <ActionButton
              action={`/organisations/${team.org.id}/invitations/${i.id}/revoke`}
              csrfToken={ctx.csrfToken}
              label={t("revoke")}
              context={i.email}
              variant="outline"
            />,
          ])}
        />
      )}
    </>
  );
}
