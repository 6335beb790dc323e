import { translator } from "../../../platform/i18n";
import { Alert, ErrorSummary, Form, type FormState, TextArea } from "../../../platform/ui/components";
import type { PageContext } from "../../../platform/ui/context";
import { Layout } from "../../../platform/ui/layout";
import type { Organisation } from "../../directory/service";
import { teamsCatalog } from "../messages";
import type { JoinRequestRow } from "../repo";
import type { TeamRole } from "../schema";
import type { InvitationState } from "../service";
import { formatDate, teamCrumbs, teamRoleLabel } from "./shared";

const signInHref = (path: string) => `/sign-in?next=${encodeURIComponent(path)}`;
const registerHref = (path: string) => `/register?next=${encodeURIComponent(path)}`;

export type JoinSituation =
  | { kind: "signedOut" }
  | { kind: "unverified" }
  | { kind: "member" }
  | { kind: "pending"; request: JoinRequestRow }
  | { kind: "open"; form?: FormState };

export function JoinPage({
  ctx,
  org,
  situation,
}: {
  ctx: PageContext;
  org: Organisation;
  situation: JoinSituation;
}) {
  const t = translator(teamsCatalog, ctx.locale);
  const title = t("joinTitle", { name: org.name });
  const crumbs = teamCrumbs(ctx.locale, org).slice(0, 3).concat({ label: title });
  const form: FormState =
    situation.kind === "open" && situation.form ? situation.form : { locale: ctx.locale };
  form.labels = { message: t("joinMessage") };
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={crumbs}>
      {form.errors ? <ErrorSummary state={form} /> : null}
      <h1>{title}</h1>
      {situation.kind === "signedOut" ? (
        <>
          <p class="usa-intro">{t("joinSignInIntro")}</p>
          <p>
            <a class="usa-button" href={signInHref(`/organisations/${org.id}/join`)}>
              {t("joinSignIn")}
            </a>
          </p>
        </>
      ) : situation.kind === "unverified" ? (
        <Alert kind="warning" slim>
          {t("joinUnverified")}
        </Alert>
      ) : situation.kind === "member" ? (
        <>
          <Alert kind="info" slim>
            {t("joinAlreadyMember")}
          </Alert>
          <p>
            <a href={`/organisations/${org.id}/team`}>{t("seeTeam")}</a>
          </p>
        </>
      ) : situation.kind === "pending" ? (
        <>
          <Alert kind="info" slim>
            {t("joinPending", { date: formatDate(ctx.locale, situation.request.createdAt) })}
          </Alert>
          <Form
            action={`/organisations/${org.id}/join-requests/${situation.request.id}/withdraw`}
            csrfToken={ctx.csrfToken}
          >
            <button type="submit" class="usa-button usa-button--outline">
              {t("joinWithdraw")}
            </button>
          </Form>
        </>
      ) : (
        <>
          <p class="usa-intro">{t("joinIntro")}</p>
          <Form action={`/organisations/${org.id}/join-requests`} csrfToken={ctx.csrfToken}>
            <TextArea
              state={form}
              name="message"
              label={t("joinMessage")}
              hint={t("joinMessageHint")}
              maxLength={2000}
            />
            <button type="submit" class="usa-button">
              {t("joinSend")}
            </button>
          </Form>
        </>
      )}
    </Layout>
  );
}

/** The no-JavaScript confirmation step before removing someone or leaving. */
export function ConfirmPage(props: {
  ctx: PageContext;
  org: Organisation;
  title: string;
  body: string;
  action: string;
  confirmLabel: string;
}) {
  const { ctx, org } = props;
  const t = translator(teamsCatalog, ctx.locale);
  return (
    <Layout ctx={ctx} title={props.title} breadcrumbs={teamCrumbs(ctx.locale, org, props.title)}>
      <h1>{props.title}</h1>
      <p class="usa-intro">{props.body}</p>
      <Form action={props.action} csrfToken={ctx.csrfToken}>
        <button type="submit" class="usa-button usa-button--secondary">
          {props.confirmLabel}
        </button>
        <a class="usa-button usa-button--unstyled margin-left-2" href={`/organisations/${org.id}/team`}>
          {t("cancel")}
        </a>
      </Form>
    </Layout>
  );
}

export function InvitationPage(props: {
  ctx: PageContext;
  token: string;
  state: InvitationState;
  org?: Organisation;
  role?: TeamRole;
  problem?: string;
}) {
  const { ctx } = props;
  const t = translator(teamsCatalog, ctx.locale);
  const path = `/invitations/${props.token}`;
  if (props.state !== "open" || !props.org || !props.role) {
    const title = t("invitationInvalidTitle");
    return (
      <Layout ctx={ctx} title={title}>
        <h1>{title}</h1>
        <p class="usa-intro">{t(props.state === "expired" ? "invitationExpired" : "invitationInvalid")}</p>
      </Layout>
    );
  }
  const title = t("invitationTitle", { team: props.org.name });
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      {props.problem ? (
        <Alert kind="error" slim>
          {props.problem}
        </Alert>
      ) : null}
      <p class="usa-intro">
        {t("invitationIntro", {
          team: props.org.name,
          role: teamRoleLabel(ctx.locale, props.role).toLowerCase(),
        })}
      </p>
      {ctx.viewer ? (
        <Form action={`${path}/accept`} csrfToken={ctx.csrfToken}>
          <button type="submit" class="usa-button">
            {t("invitationAccept")}
          </button>
        </Form>
      ) : (
        <>
          <p>{t("invitationSignedOutHint")}</p>
          <p>
            <a class="usa-button" href={signInHref(path)}>
              {t("invitationSignIn")}
            </a>
            <a class="usa-button usa-button--outline" href={registerHref(path)}>
              {t("invitationRegister")}
            </a>
          </p>
        </>
      )}
    </Layout>
  );
}
