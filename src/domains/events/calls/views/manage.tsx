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
import { DISAGREEMENT, type ScoreFilters, type ScoreRow } from "../decisions";
import type { CallEvent } from "../event-access";
import type { ReviewerSummary } from "../review";
import {
  type CallRow,
  criterionName,
  DECISIONS,
  objectivesOf,
  PROPOSAL_FORMATS,
  type Proposal,
} from "../service";
import { crumbs, decisionLabel, formatLabel, levelLabel, manageHref, score, tFor } from "./common";

const manageCrumbs = (ctx: PageContext, event: CallEvent, label: string) =>
  crumbs(
    ctx.locale,
    event,
    { label: tFor(ctx.locale)("proposalsTitle"), href: manageHref(event.slug, "/proposals") },
    { label },
  );

/** Links between the organisers' call pages. */
function ManageNav(props: { ctx: PageContext; event: CallEvent }) {
  const t = tFor(props.ctx.locale);
  const s = props.event.slug;
  return (
    <nav aria-label={t("manageNav")} class="margin-bottom-2">
      <ul class="usa-list usa-list--unstyled display-flex flex-wrap">
        <li class="margin-right-2">
          <a href={manageHref(s, "/call")}>{t("editCall")}</a>
        </li>
        <li class="margin-right-2">
          <a href={manageHref(s, "/reviewers")}>{t("reviewersTitle")}</a>
        </li>
        <li class="margin-right-2">
          <a href={manageHref(s, "/assignments")}>{t("assignmentsTitle")}</a>
        </li>
        <li class="margin-right-2">
          <a href={manageHref(s, "/proposals")}>{t("proposalsTitle")}</a>
        </li>
      </ul>
    </nav>
  );
}

export function ReviewersPage(props: {
  ctx: PageContext;
  event: CallEvent;
  reviewers: ReviewerSummary[];
  state: FormState;
}) {
  const { ctx, event } = props;
  const t = tFor(ctx.locale);
  return (
    <Layout ctx={ctx} title={t("reviewersTitle")} breadcrumbs={manageCrumbs(ctx, event, t("reviewersTitle"))}>
      <h1>{t("reviewersTitle")}</h1>
      <ManageNav ctx={ctx} event={event} />
      {props.reviewers.length === 0 ? (
        <p>{t("noReviewers")}</p>
      ) : (
        <Table
          caption={t("reviewersTitle")}
          captionHidden
          headers={[t("reviewer"), t("organisation"), t("reviewsDone"), ""]}
          rows={props.reviewers.map((r) => [
            `${r.name} (${r.email})`,
            r.organisation || "—",
            `${r.done} / ${r.assigned}`,
            <ActionButton
              action={manageHref(event.slug, "/reviewers/remove")}
              csrfToken={ctx.csrfToken}
              label={t("remove")}
              context={r.name}
              variant="outline"
              hidden={{ reviewerId: r.userId }}
            />,
          ])}
        />
      )}
      <h2>{t("inviteReviewer")}</h2>
      <ErrorSummary state={props.state} />
      <Form action={manageHref(event.slug, "/reviewers")} csrfToken={ctx.csrfToken}>
        <TextField
          state={props.state}
          name="email"
          label={t("reviewerEmail")}
          hint={t("reviewerEmailHint")}
          type="email"
          required
        />
        <Button>{t("addReviewer")}</Button>
      </Form>
    </Layout>
  );
}

export function AssignmentsPage(props: {
  ctx: PageContext;
  event: CallEvent;
  call: CallRow;
  board: {
    proposalId: string;
    title: string;
    reviewers: { id: string; name: string; submitted: boolean }[];
  }[];
  reviewers: ReviewerSummary[];
  state: FormState;
  status?: string;
}) {
  const { ctx, event, state } = props;
  const t = tFor(ctx.locale);
  const loads = props.reviewers.map((r) => r.assigned);
  return (
    <Layout
      ctx={ctx}
      title={t("assignmentsTitle")}
      breadcrumbs={manageCrumbs(ctx, event, t("assignmentsTitle"))}
    >
      <h1>{t("assignmentsTitle")}</h1>
      <ManageNav ctx={ctx} event={event} />
      <p>{t("assignmentRules")}</p>
      {props.status ? <Alert kind="warning">{props.status}</Alert> : null}
      <ErrorSummary state={state} />
      <Form action={manageHref(event.slug, "/assignments")} csrfToken={ctx.csrfToken}>
        <TextField
          state={state}
          name="reviewsPerProposal"
          label={t("reviewsPerProposal")}
          type="number"
          width="small"
          required
        />
        <Button>{t("runAssignment")}</Button>
      </Form>
      {loads.length > 0 ? (
        <p>{t("loadRange", { min: Math.min(...loads), max: Math.max(...loads) })}</p>
      ) : null}
      <Table
        caption={t("assignmentsTitle")}
        headers={[t("proposalTitle"), t("reviewers"), t("addReviewerTo")]}
        rows={props.board.map((p) => [
          p.title,
          <ul class="usa-list usa-list--unstyled">
            {p.reviewers.map((r) => (
              <li>
                {r.name} {r.submitted ? `(${t("reviewDone")})` : null}
                {!r.submitted ? (
                  <ActionButton
                    action={manageHref(event.slug, "/assignments/remove")}
                    csrfToken={ctx.csrfToken}
                    label={t("unassign")}
                    context={`${r.name}, ${p.title}`}
                    variant="unstyled"
                    hidden={{ proposalId: p.proposalId, reviewerId: r.id }}
                  />
                ) : null}
              </li>
            ))}
          </ul>,
          <form method="post" action={manageHref(event.slug, "/assignments/add")} class="smh-inline-form">
            <input type="hidden" name="_csrf" value={ctx.csrfToken} />
            <input type="hidden" name="proposalId" value={p.proposalId} />
            <label class="usa-sr-only" for={`add-${p.proposalId}`}>
              {t("addReviewerTo")}: {p.title}
            </label>
            <select class="usa-select" id={`add-${p.proposalId}`} name="reviewerId">
              {props.reviewers
                .filter((r) => !p.reviewers.some((x) => x.id === r.userId))
                .map((r) => (
                  <option value={r.userId}>{r.name}</option>
                ))}
            </select>
            <button type="submit" class="usa-button usa-button--outline">
              {t("assign")}
            </button>
          </form>,
        ])}
      />
    </Layout>
  );
}

export function ScoreboardPage(props: {
  ctx: PageContext;
  event: CallEvent;
  rows: ScoreRow[];
  filters: ScoreFilters;
  tracks: { id: string; name: string }[];
  staged: number;
  query: string;
}) {
  const { ctx, event, filters } = props;
  const t = tFor(ctx.locale);
  const state: FormState = {
    locale: ctx.locale,
    values: {
      track: filters.track ?? "",
      format: filters.format ?? "",
      decision: filters.decision ?? "",
      disagreement: filters.disagreement ? "yes" : "",
      sort: filters.sort ?? "mean",
    },
  };
  return (
    <Layout
      ctx={ctx}
      title={t("proposalsTitle")}
      breadcrumbs={crumbs(ctx.locale, event, { label: t("proposalsTitle") })}
    >
      <h1>{t("proposalsTitle")}</h1>
      <ManageNav ctx={ctx} event={event} />
      <form method="get" action={manageHref(event.slug, "/proposals")} class="usa-form">
        <SelectField
          state={state}
          name="track"
          label={t("track")}
          placeholder={t("any")}
          choices={props.tracks.map((tr) => ({ value: tr.id, label: tr.name }))}
        />
        <SelectField
          state={state}
          name="format"
          label={t("format")}
          placeholder={t("any")}
          choices={PROPOSAL_FORMATS.map((f) => ({ value: f, label: formatLabel(ctx.locale, f) }))}
        />
        <SelectField
          state={state}
          name="decision"
          label={t("decision")}
          placeholder={t("any")}
          choices={[...DECISIONS, "none" as const].map((d) => ({
            value: d,
            label: decisionLabel(ctx.locale, d === "none" ? null : d),
          }))}
        />
        <SelectField
          state={state}
          name="disagreement"
          label={t("disagreementFilter", { spread: DISAGREEMENT })}
          placeholder={t("any")}
          choices={[{ value: "yes", label: t("onlyDisagreement") }]}
        />
        <SelectField
          state={state}
          name="sort"
          label={t("sortBy")}
          placeholder={t("sort_mean")}
          choices={(["median", "spread", "title", "done"] as const).map((s) => ({
            value: s,
            label: t(`sort_${s}`),
          }))}
        />
        <button type="submit" class="usa-button">
          {t("applyFilters")}
        </button>
      </form>
      <p>
        <a href={`${manageHref(event.slug, "/proposals.csv")}${props.query}`}>{t("downloadCsv")}</a>
      </p>
      <Table
        caption={t("proposalsCaption", { n: props.rows.length })}
        headers={[
          t("proposalTitle"),
          t("format"),
          t("track"),
          t("reviewsDone"),
          t("mean"),
          t("median"),
          t("spread"),
          t("decision"),
        ]}
        rows={props.rows.map((r) => [
          <a href={manageHref(event.slug, `/proposals/${r.id}`)}>{r.title}</a>,
          formatLabel(ctx.locale, r.format),
          r.trackName ?? "—",
          `${r.done} / ${r.assigned}`,
          score(ctx.locale, r.mean),
          score(ctx.locale, r.median),
          score(ctx.locale, r.spread),
          `${decisionLabel(ctx.locale, r.decision)}${r.released ? ` (${t("released")})` : r.decision ? ` (${t("staged")})` : ""}${r.response ? ` · ${t(`response_${r.response}`)}` : ""}`,
        ])}
      />
      <h2>{t("releaseTitle")}</h2>
      <p>{t("releaseIntro", { n: props.staged })}</p>
      {props.staged > 0 ? (
        <ActionButton
          action={manageHref(event.slug, "/decisions/release")}
          csrfToken={ctx.csrfToken}
          label={t("releaseButton", { n: props.staged })}
        />
      ) : null}
    </Layout>
  );
}

export function OrganiserProposalPage(props: {
  ctx: PageContext;
  event: CallEvent;
  call: CallRow;
  proposal: Proposal;
  reviews: {
    name: string;
    scores: Record<string, number> | null;
    score: number | null;
    commentToOrganisers: string;
    commentToPresenters: string;
    submittedAt: Date | null;
  }[];
  state: FormState;
  status?: string;
}) {
  const { ctx, event, proposal, call, state } = props;
  const t = tFor(ctx.locale);
  const released = !!proposal.releasedAt;
  return (
    <Layout ctx={ctx} title={proposal.title} breadcrumbs={manageCrumbs(ctx, event, proposal.title)}>
      <h1>{proposal.title}</h1>
      <p class="usa-intro">
        {formatLabel(ctx.locale, proposal.format)} · {levelLabel(ctx.locale, proposal.audienceLevel)} ·{" "}
        {t(`status_${proposal.status === "submitted" ? "underReview" : proposal.status}` as "status_draft")}
      </p>
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
            {p.name} — {p.organisation} ({p.email})
          </li>
        ))}
      </ul>
      {proposal.accessibilityNeeds ? (
        <>
          <h2>{t("accessibilityNeeds")}</h2>
          <p>{proposal.accessibilityNeeds}</p>
        </>
      ) : null}
      <h2>{t("reviewsTitle")}</h2>
      <Table
        caption={t("reviewsTitle")}
        captionHidden
        headers={[
          t("reviewer"),
          ...call.rubric.map((c) => criterionName(c, ctx.locale)),
          t("weightedScore"),
          t("commentToOrganisers"),
          t("commentToPresenters"),
        ]}
        rows={props.reviews.map((r) => [
          r.name,
          ...call.rubric.map((c) => (r.scores?.[c.key] !== undefined ? String(r.scores[c.key]) : "—")),
          r.submittedAt ? score(ctx.locale, r.score) : t("reviewToDo"),
          r.commentToOrganisers,
          r.commentToPresenters,
        ])}
      />
      <h2>{t("decision")}</h2>
      {released ? (
        <p>
          {t("releasedDecision", { decision: decisionLabel(ctx.locale, proposal.decision) })}
          {proposal.response ? ` · ${t(`response_${proposal.response}`)}` : ""}
        </p>
      ) : proposal.status !== "submitted" ? (
        <p>{t("notSubmitted")}</p>
      ) : (
        <>
          {props.status ? <Alert kind="error">{props.status}</Alert> : null}
          <ErrorSummary state={state} />
          <Form
            action={manageHref(event.slug, `/proposals/${proposal.id}/decision`)}
            csrfToken={ctx.csrfToken}
          >
            <RadioGroup
              state={state}
              name="decision"
              label={t("stageDecision")}
              hint={t("stageHint")}
              required
              choices={[...DECISIONS, "none" as const].map((d) => ({
                value: d,
                label: decisionLabel(ctx.locale, d === "none" ? null : d),
              }))}
            />
            <TextArea
              state={state}
              name="note"
              label={t("decisionNote")}
              hint={t("decisionNoteHint")}
              rows={3}
            />
            <Button>{t("saveDecision")}</Button>
          </Form>
        </>
      )}
    </Layout>
  );
}
