import type { PageContext } from "../../../../platform/ui/context";
import {
  ActionButton,
  Alert,
  Button,
  ErrorSummary,
  Form,
  type FormState,
  RadioGroup,
  SelectField,
  Table,
  TextArea,
  TextField,
} from "../../../../platform/ui/components";
import { Layout } from "../../../../platform/ui/layout";
import { renderMarkdown } from "../../../communities/discussions/markdown";
import type { CallEvent } from "../event-access";
import {
  AUDIENCE_LEVELS,
  type CallRow,
  callIsOpen,
  MAX_PRESENTERS,
  type MyProposal,
  objectivesOf,
  type Proposal,
} from "../service";
import {
  callHref,
  crumbs,
  decisionLabel,
  eventTitleOf,
  formatLabel,
  inEventZone,
  levelLabel,
  MY_PROPOSALS,
  tFor,
} from "./common";

export function ProposalFormPage(props: {
  ctx: PageContext;
  event: CallEvent;
  call: CallRow;
  tracks: { id: string; name: string }[];
  state: FormState;
  action: string;
  editing: boolean;
  status?: string;
}) {
  const { ctx, event, call, state } = props;
  const t = tFor(ctx.locale);
  const title = props.editing ? t("editProposalTitle") : t("newProposalTitle");
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={crumbs(
        ctx.locale,
        event,
        { label: t("callCrumb"), href: callHref(event.slug) },
        { label: title },
      )}
    >
      <h1>{title}</h1>
      <p>{t("deadlineIs", { deadline: inEventZone(ctx.locale, call.deadline, event.timeZone) })}</p>
      {props.status ? <Alert kind="error">{props.status}</Alert> : null}
      <ErrorSummary state={state} />
      <Form action={props.action} csrfToken={ctx.csrfToken}>
        <TextField state={state} name="title" label={t("proposalTitle")} required maxLength={200} />
        <TextArea
          state={state}
          name="abstract"
          label={t("abstract")}
          hint={t("abstractHint")}
          rows={8}
          required
        />
        <TextArea
          state={state}
          name="learningObjectives"
          label={t("learningObjectives")}
          hint={t("objectivesHint")}
          rows={5}
          required
        />
        <RadioGroup
          state={state}
          name="format"
          label={t("format")}
          required
          choices={call.formats.map((f) => ({ value: f, label: formatLabel(ctx.locale, f) }))}
        />
        <RadioGroup
          state={state}
          name="audienceLevel"
          label={t("audienceLevel")}
          required
          choices={AUDIENCE_LEVELS.map((l) => ({ value: l, label: levelLabel(ctx.locale, l) }))}
        />
        {props.tracks.length > 0 ? (
          <SelectField
            state={state}
            name="trackId"
            label={t("track")}
            choices={props.tracks.map((tr) => ({ value: tr.id, label: tr.name }))}
            placeholder={t("noTrack")}
          />
        ) : null}
        <RadioGroup
          state={state}
          name="language"
          label={t("language")}
          required
          choices={[
            { value: "en", label: "English" },
            { value: "es", label: "Español" },
          ]}
        />
        <TextArea
          state={state}
          name="accessibilityNeeds"
          label={t("accessibilityNeeds")}
          hint={t("accessibilityHint")}
          rows={3}
        />
        <h2>{t("presentersTitle")}</h2>
        <p class="usa-hint">{t("presentersHint", { max: MAX_PRESENTERS })}</p>
        {state.errors?.presenters ? (
          <Alert kind="error" slim>
            <span id="field-presenters">
              {"message" in state.errors.presenters ? state.errors.presenters.message : ""}
            </span>
          </Alert>
        ) : null}
        {Array.from({ length: MAX_PRESENTERS }, (_, i) => i + 1).map((n) => (
          <fieldset class="usa-fieldset margin-top-2">
            <legend class="usa-legend usa-legend--large">{t("presenterN", { n })}</legend>
            <TextField
              state={state}
              name={`presenter${n}Name`}
              label={t("presenterName")}
              required={n === 1}
            />
            <TextField
              state={state}
              name={`presenter${n}Organisation`}
              label={t("presenterOrganisation")}
              required={n === 1}
            />
            <TextField
              state={state}
              name={`presenter${n}Email`}
              label={t("presenterEmail")}
              type="email"
              required={n === 1}
            />
            <TextArea state={state} name={`presenter${n}Bio`} label={t("presenterBio")} rows={3} />
          </fieldset>
        ))}
        <div class="margin-top-3">
          <Button name="intent" value="submit">
            {t("submitProposal")}
          </Button>
          <Button name="intent" value="draft" variant="outline">
            {t("saveDraft")}
          </Button>
        </div>
      </Form>
    </Layout>
  );
}

export function statusText(
  ctx: PageContext,
  p: { status: string; decision: string | null; response: string | null },
) {
  const t = tFor(ctx.locale);
  if (p.status === "draft") return t("status_draft");
  if (p.status === "withdrawn") return t("status_withdrawn");
  if (!p.decision) return t("status_underReview");
  if (p.response)
    return `${decisionLabel(ctx.locale, p.decision)} · ${t(`response_${p.response}` as "response_confirmed")}`;
  return decisionLabel(ctx.locale, p.decision);
}

export function MyProposalsPage(props: { ctx: PageContext; proposals: MyProposal[] }) {
  const { ctx } = props;
  const t = tFor(ctx.locale);
  return (
    <Layout
      ctx={ctx}
      title={t("myProposals")}
      breadcrumbs={crumbs(ctx.locale, null, { label: t("myProposals") })}
    >
      <h1>{t("myProposals")}</h1>
      {props.proposals.length === 0 ? (
        <p>{t("noProposals")}</p>
      ) : (
        <Table
          caption={t("myProposals")}
          captionHidden
          headers={[t("proposalTitle"), t("event"), t("status")]}
          rows={props.proposals.map((p) => [
            <a href={`${MY_PROPOSALS}/${p.id}`}>{p.title}</a>,
            (ctx.locale === "es" ? p.eventTitleEs : null) || p.eventTitleEn,
            statusText(ctx, p),
          ])}
        />
      )}
    </Layout>
  );
}

export function OwnProposalPage(props: {
  ctx: PageContext;
  event: CallEvent;
  call: CallRow | null;
  proposal: Proposal;
  trackName: string | null;
  status?: string;
  /** The confirm-or-decline form drawn again after a bad post. */
  responseState?: FormState;
}) {
  const { ctx, event, proposal } = props;
  const responseState: FormState = props.responseState ?? { locale: ctx.locale };
  const t = tFor(ctx.locale);
  const href = `${MY_PROPOSALS}/${proposal.id}`;
  const open = !!props.call && callIsOpen(props.call);
  const released = !!proposal.releasedAt;
  const decision = released ? proposal.decision : null;
  return (
    <Layout
      ctx={ctx}
      title={proposal.title}
      breadcrumbs={crumbs(
        ctx.locale,
        event,
        { label: t("myProposals"), href: MY_PROPOSALS },
        { label: proposal.title },
      )}
    >
      <h1>{proposal.title}</h1>
      {props.status ? <Alert kind="error">{props.status}</Alert> : null}
      <p class="usa-intro">
        {t("toEvent", { event: eventTitleOf(event, ctx.locale) })} —{" "}
        <strong>{statusText(ctx, { status: proposal.status, decision, response: proposal.response })}</strong>
      </p>
      {released && proposal.decisionNote ? (
        <Alert kind="info" heading={t("decisionNote")}>
          {proposal.decisionNote}
        </Alert>
      ) : null}
      {(decision === "accept" && !proposal.response) || props.responseState?.errors ? (
        <div class="margin-y-2">
          <p>{t("confirmPrompt")}</p>
          <ErrorSummary state={responseState} />
          <Form action={`${href}/respond`} csrfToken={ctx.csrfToken}>
            <RadioGroup
              state={responseState}
              name="response"
              label={t("yourAnswer")}
              required
              choices={[
                { value: "confirmed", label: t("confirm") },
                { value: "declined", label: t("decline") },
              ]}
            />
            <Button>{t("sendAnswer")}</Button>
          </Form>
        </div>
      ) : null}
      <dl>
        <dt class="text-bold">{t("format")}</dt>
        <dd>{formatLabel(ctx.locale, proposal.format)}</dd>
        <dt class="text-bold">{t("audienceLevel")}</dt>
        <dd>{levelLabel(ctx.locale, proposal.audienceLevel)}</dd>
        {props.trackName ? (
          <>
            <dt class="text-bold">{t("track")}</dt>
            <dd>{props.trackName}</dd>
          </>
        ) : null}
      </dl>
      <h2>{t("abstract")}</h2>
      <div class="usa-prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(proposal.abstract) }} />
      <h2>{t("learningObjectives")}</h2>
      <ol class="usa-list">
        {objectivesOf(proposal.learningObjectives).map((o) => (
          <li>{o}</li>
        ))}
      </ol>
      <h2>{t("presentersTitle")}</h2>
      <ul class="usa-list">
        {proposal.presenters.map((p) => (
          <li>
            {p.name} — {p.organisation}
          </li>
        ))}
      </ul>
      {open && proposal.status !== "withdrawn" ? (
        <p>
          <a class="usa-button usa-button--outline" href={`${href}/edit`}>
            {t("editProposal")}
          </a>
        </p>
      ) : null}
      {open && proposal.status === "draft" ? (
        <ActionButton action={`${href}/submit`} csrfToken={ctx.csrfToken} label={t("submitProposal")} />
      ) : null}
      {proposal.status !== "withdrawn" && !released ? (
        <ActionButton
          action={`${href}/withdraw`}
          csrfToken={ctx.csrfToken}
          label={t("withdraw")}
          variant="secondary"
        />
      ) : null}
      {!open && proposal.status !== "withdrawn" ? <p>{t("callClosedNoEdit")}</p> : null}
    </Layout>
  );
}
