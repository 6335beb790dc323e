import type { PageContext } from "../../../../platform/ui/context";
import {
  Alert,
  Button,
  CheckboxGroup,
  ErrorSummary,
  Form,
  type FormState,
  Table,
  TextArea,
  TextField,
} from "../../../../platform/ui/components";
import { Layout } from "../../../../platform/ui/layout";
import { renderMarkdown } from "../../../communities/discussions/markdown";
import type { CallEvent } from "../event-access";
import { type CallRow, callIsOpen, criterionName, PROPOSAL_FORMATS } from "../service";
import {
  callHref,
  crumbs,
  eventTitleOf,
  formatLabel,
  inEventZone,
  manageHref,
  MY_PROPOSALS,
  tFor,
} from "./common";

export function CallPage(props: {
  ctx: PageContext;
  event: CallEvent;
  call: CallRow | null;
  mayOrganise: boolean;
}) {
  const { ctx, event, call } = props;
  const t = tFor(ctx.locale);
  const title = t("callTitle", { event: eventTitleOf(event, ctx.locale) });
  const guidance = call ? (ctx.locale === "es" ? call.guidanceEs : null) || call.guidanceEn : "";
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={crumbs(ctx.locale, event, { label: t("callCrumb") })}>
      <h1>{title}</h1>
      {!call ? (
        <p>{t("noCall")}</p>
      ) : (
        <>
          <p class="usa-intro">
            {callIsOpen(call)
              ? t("deadlineIs", { deadline: inEventZone(ctx.locale, call.deadline, event.timeZone) })
              : t("callClosedOn", { deadline: inEventZone(ctx.locale, call.deadline, event.timeZone) })}
          </p>
          {callIsOpen(call) ? (
            <p>
              <a class="usa-button" href={`${callHref(event.slug)}/propose`}>
                {t("proposeLink")}
              </a>{" "}
              <a href={MY_PROPOSALS}>{t("myProposals")}</a>
            </p>
          ) : null}
          <h2>{t("guidanceTitle")}</h2>
          <div class="usa-prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(guidance) }} />
          <Alert kind="info" slim>
            {t("blindNote")}
          </Alert>
          <h2>{t("formatsTitle")}</h2>
          <ul class="usa-list">
            {call.formats.map((f) => (
              <li>{formatLabel(ctx.locale, f)}</li>
            ))}
          </ul>
          <h2>{t("rubricTitle")}</h2>
          <Table
            caption={t("rubricCaption")}
            headers={[t("criterion"), t("weight")]}
            rows={call.rubric.map((c) => [criterionName(c, ctx.locale), String(c.weight)])}
          />
        </>
      )}
      {props.mayOrganise ? (
        <p>
          <a href={manageHref(event.slug, "/call")}>{call ? t("editCall") : t("openCall")}</a> ·{" "}
          <a href={manageHref(event.slug, "/proposals")}>{t("proposalsTitle")}</a>
        </p>
      ) : null}
    </Layout>
  );
}

export function CallEditPage(props: {
  ctx: PageContext;
  event: CallEvent;
  state: FormState;
  status?: string;
}) {
  const { ctx, event, state } = props;
  const t = tFor(ctx.locale);
  const title = t("editCallTitle");
  return (
    <Layout ctx={ctx} title={title} breadcrumbs={crumbs(ctx.locale, event, { label: title })}>
      <h1>{title}</h1>
      {props.status ? <Alert kind="error">{props.status}</Alert> : null}
      <ErrorSummary state={state} />
      <Form action={manageHref(event.slug, "/call")} csrfToken={ctx.csrfToken}>
        <CheckboxGroup
          state={state}
          name="formats"
          label={t("formats")}
          required
          choices={PROPOSAL_FORMATS.map((f) => ({ value: f, label: formatLabel(ctx.locale, f) }))}
        />
        <TextField
          state={state}
          name="deadlineDay"
          label={t("deadlineDay")}
          hint={t("deadlineHint", { zone: event.timeZone })}
          type="date"
          required
        />
        <TextField
          state={state}
          name="deadlineTime"
          label={t("deadlineTime")}
          hint={t("timeHint")}
          required
          width="small"
        />
        <TextArea state={state} name="guidanceEn" label={t("guidanceEn")} hint={t("guidanceHint")} rows={8} />
        <TextArea state={state} name="guidanceEs" label={t("guidanceEs")} rows={8} />
        <TextArea state={state} name="rubric" label={t("rubric")} hint={t("rubricHint")} rows={6} required />
        <TextField
          state={state}
          name="reviewsPerProposal"
          label={t("reviewsPerProposal")}
          type="number"
          width="small"
          required
        />
        <Button>{t("saveCall")}</Button>
      </Form>
      <p>
        <a href={callHref(event.slug)}>{t("viewCall")}</a>
      </p>
    </Layout>
  );
}
