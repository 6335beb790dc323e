import type { PageContext } from "../../../../platform/ui/context";
import {
  Alert,
  Button,
  CheckboxGroup,
  ErrorSummary,
  Form,
  type FormState,
  RadioGroup,
  Table,
  TextArea,
  TextField,
} from "../../../../platform/ui/components";
import { Layout } from "../../../../platform/ui/layout";
import { renderMarkdown } from "../../../communities/discussions/markdown";
import type { CallEvent } from "../event-access";
import type { BlindProposal } from "../review";
import { type CallRow, criterionName } from "../service";
import { crumbs, eventTitleOf, formatLabel, levelLabel, REVIEWS, score, tFor } from "./common";

export interface QueueItem {
  proposalId: string;
  title: string;
  format: string;
  eventSlug: string;
  eventTitleEn: string;
  eventTitleEs: string | null;
  submittedAt: Date | null;
}

export function ReviewQueuePage(props: {
  ctx: PageContext;
  queue: QueueItem[];
  events: { slug: string; titleEn: string; titleEs: string | null }[];
}) {
  const { ctx } = props;
  const t = tFor(ctx.locale);
  return (
    <Layout
      ctx={ctx}
      title={t("queueTitle")}
      breadcrumbs={crumbs(ctx.locale, null, { label: t("queueTitle") })}
    >
      <h1>{t("queueTitle")}</h1>
      <p class="usa-intro">{t("queueIntro")}</p>
      {props.events.length > 0 ? (
        <>
          <h2>{t("declareTitle")}</h2>
          <ul class="usa-list">
            {props.events.map((e) => (
              <li>
                <a href={`/events/${e.slug}/reviewing`}>{eventTitleOf(e, ctx.locale)}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>{t("assignedTitle")}</h2>
      {props.queue.length === 0 ? (
        <p>{t("queueEmpty")}</p>
      ) : (
        <Table
          caption={t("assignedTitle")}
          captionHidden
          headers={[t("proposalTitle"), t("event"), t("format"), t("status")]}
          rows={props.queue.map((q) => [
            <a href={`${REVIEWS}/${q.proposalId}`}>{q.title}</a>,
            (ctx.locale === "es" ? q.eventTitleEs : null) || q.eventTitleEn,
            formatLabel(ctx.locale, q.format),
            q.submittedAt ? t("reviewDone") : t("reviewToDo"),
          ])}
        />
      )}
    </Layout>
  );
}

export function ReviewPage(props: {
  ctx: PageContext;
  event: CallEvent;
  call: CallRow;
  proposal: BlindProposal;
  trackName: string | null;
  state: FormState;
  submitted: boolean;
  others: { label: number; score: number | null; commentToPresenters: string }[] | null;
  status?: string;
}) {
  const { ctx, proposal, call, state } = props;
  const t = tFor(ctx.locale);
  return (
    <Layout
      ctx={ctx}
      title={proposal.title}
      breadcrumbs={crumbs(
        ctx.locale,
        null,
        { label: t("queueTitle"), href: REVIEWS },
        { label: proposal.title },
      )}
    >
      <h1>{proposal.title}</h1>
      <p class="usa-intro">
        {t("toEvent", { event: eventTitleOf(props.event, ctx.locale) })} ·{" "}
        {formatLabel(ctx.locale, proposal.format)} · {levelLabel(ctx.locale, proposal.audienceLevel)}
        {props.trackName ? ` · ${props.trackName}` : ""}
      </p>
      <Alert kind="info" slim>
        {t("blindReviewNote", { n: proposal.presenterCount })}
      </Alert>
      <h2>{t("abstract")}</h2>
      <div
        class="usa-prose"
        lang={proposal.language}
        dangerouslySetInnerHTML={{ __html: renderMarkdown(proposal.abstract) }}
      />
      <h2>{t("learningObjectives")}</h2>
      <ol class="usa-list" lang={proposal.language}>
        {proposal.learningObjectives.map((o) => (
          <li>{o}</li>
        ))}
      </ol>
      <h2>{props.submitted ? t("yourReviewSubmitted") : t("yourReview")}</h2>
      {props.status ? <Alert kind="error">{props.status}</Alert> : null}
      <ErrorSummary state={state} />
      <Form action={`${REVIEWS}/${proposal.id}`} csrfToken={ctx.csrfToken}>
        {call.rubric.map((c, i) => (
          <RadioGroup
            state={state}
            name={`score${i + 1}`}
            label={t("scoreLabel", { criterion: criterionName(c, ctx.locale), weight: c.weight })}
            required
            choices={[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: t(`score_${n}` as "score_1") }))}
          />
        ))}
        <TextArea
          state={state}
          name="commentToPresenters"
          label={t("commentToPresenters")}
          hint={t("commentToPresentersHint")}
          rows={5}
        />
        <TextArea
          state={state}
          name="commentToOrganisers"
          label={t("commentToOrganisers")}
          hint={t("commentToOrganisersHint")}
          rows={4}
        />
        <Button>{props.submitted ? t("updateReview") : t("submitReview")}</Button>
      </Form>
      <h2>{t("otherReviews")}</h2>
      {props.others === null ? (
        <p>{t("otherReviewsHidden")}</p>
      ) : props.others.length === 0 ? (
        <p>{t("otherReviewsNone")}</p>
      ) : (
        <Table
          caption={t("otherReviews")}
          captionHidden
          headers={[t("reviewer"), t("weightedScore"), t("commentToPresenters")]}
          rows={props.others.map((o) => [
            t("reviewerN", { n: o.label }),
            score(ctx.locale, o.score),
            o.commentToPresenters,
          ])}
        />
      )}
    </Layout>
  );
}

export function ReviewingPage(props: {
  ctx: PageContext;
  event: CallEvent;
  isReviewer: boolean;
  proposals: { id: string; title: string; format: string }[];
  state: FormState;
  saved?: boolean;
}) {
  const { ctx, event, state } = props;
  const t = tFor(ctx.locale);
  const title = t("declareTitleFor", { event: eventTitleOf(event, ctx.locale) });
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={crumbs(ctx.locale, event, { label: t("declareTitle") })}>
      <h1>{title}</h1>
      {/* A bad post is answered with the form and its messages, reviewer or not. */}
      {!props.isReviewer && !state.errors ? (
        <p>{t("notReviewer")}</p>
      ) : (
        <>
          <p class="usa-intro">{t("declareIntro")}</p>
          <ErrorSummary state={state} />
          <Form action={`/events/${event.slug}/reviewing`} csrfToken={ctx.csrfToken}>
            <TextField
              state={state}
              name="organisation"
              label={t("yourOrganisation")}
              hint={t("yourOrganisationHint")}
            />
            {props.proposals.length === 0 ? (
              <p>{t("noProposalsYet")}</p>
            ) : (
              <CheckboxGroup
                state={state}
                name="conflicts"
                label={t("conflictsLabel")}
                hint={t("conflictsHint")}
                choices={props.proposals.map((p) => ({
                  value: p.id,
                  label: `${p.title} (${formatLabel(ctx.locale, p.format)})`,
                }))}
              />
            )}
            <Button>{t("saveDeclaration")}</Button>
          </Form>
        </>
      )}
      <p>
        <a href={REVIEWS}>{t("queueTitle")}</a>
      </p>
    </Layout>
  );
}
