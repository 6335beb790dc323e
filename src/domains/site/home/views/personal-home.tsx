import { type Locale, translator } from "../../../../platform/i18n";
import { dateTimeFormat } from "../../../../platform/i18n/formats";
import { Table } from "../../../../platform/ui/components";
import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import { formatInZone } from "../../../communities/meetings/service";
import type { WorkDue } from "../../../measures/service";
import type { PersonalHome } from "../home-data";
import { homeCatalog } from "../messages";

type T = ReturnType<typeof translator<(typeof homeCatalog)["en"]>>;

const DATE: Intl.DateTimeFormatOptions = { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" };
const formatDate = (locale: Locale, date: Date) => dateTimeFormat(locale, DATE).format(date);

export function PersonalHomePage({ ctx, home }: { ctx: PageContext; home: PersonalHome }) {
  const t = translator(homeCatalog, ctx.locale);
  const leads = home.teams.some((m) => m.role === "lead") || home.communities.some((c) => c.role === "lead");
  return (
    <Layout ctx={ctx} title={t("personalTitle")}>
      <h1>{t("personalHeading", { name: ctx.viewer?.name ?? "" })}</h1>
      <p class="usa-intro">{t("personalIntro")}</p>
      <DueSection ctx={ctx} t={t} home={home} />
      {leads || home.joinRequests.length + home.communityRequests.length > 0 ? (
        <RequestsSection ctx={ctx} t={t} home={home} />
      ) : null}
      <div class="grid-row grid-gap-lg">
        <div class="tablet:grid-col-6">
          <TeamsSection t={t} home={home} />
          <NotificationsSection ctx={ctx} t={t} home={home} />
        </div>
        <div class="tablet:grid-col-6">
          <CommunitiesSection ctx={ctx} t={t} home={home} />
        </div>
      </div>
    </Layout>
  );
}

function DueSection({ ctx, t, home }: { ctx: PageContext; t: T; home: PersonalHome }) {
  const answering = home.teams.filter((m) => home.due.some((d) => d.organisationId === m.organisationId));
  const cell = (organisationId: string, key: WorkDue["instrumentKey"]) => {
    const due = home.due.find((d) => d.organisationId === organisationId && d.instrumentKey === key);
    return due ? <DueCell ctx={ctx} t={t} due={due} /> : null;
  };
  return (
    <section aria-labelledby="due-heading">
      <h2 id="due-heading">{t("dueHeading", { year: home.schoolYear })}</h2>
      {answering.length === 0 ? (
        <p>{t("dueNone")}</p>
      ) : (
        <>
          <p>{t("dueIntro")}</p>
          <Table
            caption={t("dueCaption", { year: home.schoolYear })}
            captionHidden
            stacked
            headers={[t("dueTeam"), t("dueProfile"), t("dueQuality")]}
            rows={answering.map((m) => [
              <a href={`/measures/orgs/${m.organisationId}`}>{m.organisationName}</a>,
              cell(m.organisationId, "profile"),
              cell(m.organisationId, "quality"),
            ])}
          />
        </>
      )}
    </section>
  );
}

function DueCell({ ctx, t, due }: { ctx: PageContext; t: T; due: WorkDue }) {
  if (due.state === "notStarted" || !due.responseId) {
    return (
      <>
        {t("stateNotStarted")} · <a href={`/measures/orgs/${due.organisationId}`}>{t("startLink")}</a>
      </>
    );
  }
  const href = `/measures/responses/${due.responseId}`;
  const point = due.instrumentKey === "quality" ? ` (${t("timePoint", { n: due.timePoint ?? 1 })})` : "";
  if (due.state === "submitted") {
    return (
      <>
        {t("stateSubmitted")}
        {point} {due.submittedAt ? t("submittedOn", { date: formatDate(ctx.locale, due.submittedAt) }) : null}{" "}
        ·{" "}
        <a href={due.instrumentKey === "quality" ? `${href}/report` : href}>
          {due.instrumentKey === "quality" ? t("reportLink") : t("viewLink")}
        </a>
      </>
    );
  }
  return (
    <>
      {t("stateDraft")}
      {point}: {t("answered", { answered: due.answered, total: due.total })} ·{" "}
      <a href={href}>{t("continueLink")}</a>
    </>
  );
}

function RequestsSection({ ctx, t, home }: { ctx: PageContext; t: T; home: PersonalHome }) {
  const none = home.joinRequests.length + home.communityRequests.length === 0;
  return (
    <section aria-labelledby="join-requests">
      <h2 id="join-requests">{t("requestsHeading")}</h2>
      {none ? (
        <p>{t("requestsNone")}</p>
      ) : (
        <ul class="usa-list usa-list--unstyled">
          {home.joinRequests.map((r) => (
            <RequestItem
              line={t("requestLine", { name: r.name, team: r.organisationName })}
              message={r.message}
              asked={t("requestedOn", { date: formatDate(ctx.locale, r.createdAt) })}
              href={`/organisations/${r.organisationId}/team`}
              decide={t("requestDecide")}
            />
          ))}
          {home.communityRequests.map((r) => (
            <RequestItem
              line={t("communityRequestLine", {
                name: r.name,
                community: ctx.locale === "es" ? r.communityNameEs : r.communityNameEn,
              })}
              message={r.message}
              asked={t("requestedOn", { date: formatDate(ctx.locale, r.createdAt) })}
              href={`/communities/${r.communitySlug}/requests`}
              decide={t("communityRequestDecide")}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function RequestItem(props: {
  line: string;
  message: string | null;
  asked: string;
  href: string;
  decide: string;
}) {
  return (
    <li class="border-top border-base-lighter padding-y-1">
      <strong>{props.line}</strong>
      {props.message ? <p class="margin-y-05 smh-pre-wrap">{props.message}</p> : null}
      <div class="font-body-3xs text-base">
        {props.asked} · <a href={props.href}>{props.decide}</a>
      </div>
    </li>
  );
}

function TeamsSection({ t, home }: { t: T; home: PersonalHome }) {
  return (
    <section aria-labelledby="teams-heading">
      <h2 id="teams-heading">{t("teamsHeading")}</h2>
      {home.teams.length === 0 ? (
        <p>
          {t("teamsNone")} <a href="/directory">{t("teamsFind")}</a>
        </p>
      ) : (
        <ul class="usa-list usa-list--unstyled">
          {home.teams.map((m) => (
            <li class="padding-y-05">
              <strong>{m.organisationName}</strong> ({m.role === "lead" ? t("roleLead") : t("roleMember")}) ·{" "}
              <a href={`/organisations/${m.organisationId}/team`}>
                {t("teamPage")}
                <span class="usa-sr-only">: {m.organisationName}</span>
              </a>{" "}
              ·{" "}
              <a href={`/measures/orgs/${m.organisationId}`}>
                {t("teamMeasures")}
                <span class="usa-sr-only">: {m.organisationName}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function NotificationsSection({ ctx, t, home }: { ctx: PageContext; t: T; home: PersonalHome }) {
  return (
    <section aria-labelledby="notifications-heading">
      <h2 id="notifications-heading">{t("notificationsHeading")}</h2>
      {home.notifications.length === 0 ? (
        <p>{t("notificationsNone")}</p>
      ) : (
        <>
          <p>
            <strong>{t("notificationsUnread", { count: home.unreadNotifications })}</strong>
          </p>
          <ul class="usa-list usa-list--unstyled">
            {home.notifications.map((n) => (
              <li class="border-top border-base-lighter padding-y-1">
                {n.readAt ? null : (
                  <span class="usa-tag bg-secondary-dark margin-right-1">{t("unreadTag")}</span>
                )}
                <a href={n.link}>{n.summary}</a>
                <div class="font-body-3xs text-base">
                  <time dateTime={n.createdAt.toISOString()}>{formatDate(ctx.locale, n.createdAt)}</time>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        <a href="/notifications">{t("notificationsAll")}</a>
      </p>
    </section>
  );
}

function CommunitiesSection({ ctx, t, home }: { ctx: PageContext; t: T; home: PersonalHome }) {
  const names = new Map(home.communities.map((c) => [c.id, c]));
  const nameOf = (id: string) => {
    const c = names.get(id);
    return c ? (ctx.locale === "es" ? c.nameEs : c.nameEn) : "";
  };
  return (
    <>
      <section aria-labelledby="communities-heading">
        <h2 id="communities-heading">{t("communitiesHeading")}</h2>
        {home.communities.length === 0 ? (
          <p>{t("communitiesNone")}</p>
        ) : (
          <ul class="usa-list">
            {home.communities.map((c) => (
              <li>
                <a href={`/communities/${c.slug}`}>{nameOf(c.id)}</a>
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href="/communities">{t("communitiesBrowse")}</a>
        </p>
      </section>
      {home.communities.length > 0 ? (
        <>
          <section aria-labelledby="topics-heading">
            <h2 id="topics-heading">{t("topicsHeading")}</h2>
            {home.topics.length === 0 ? (
              <p>{t("topicsNone")}</p>
            ) : (
              <ul class="usa-list usa-list--unstyled">
                {home.topics.map((topic) => (
                  <li class="border-top border-base-lighter padding-y-1">
                    <a href={`/communities/${names.get(topic.communityId)?.slug}/topics/${topic.id}`}>
                      {topic.title}
                    </a>
                    <div class="font-body-3xs text-base">
                      {t("topicMeta", {
                        community: nameOf(topic.communityId),
                        replies: topic.replyCount,
                        date: formatDate(ctx.locale, topic.lastPostAt),
                      })}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="meetings-heading">
            <h2 id="meetings-heading">{t("meetingsHeading")}</h2>
            {home.meetings.length === 0 ? (
              <p>{t("meetingsNone")}</p>
            ) : (
              <ul class="usa-list usa-list--unstyled">
                {home.meetings.map((m) => (
                  <li class="border-top border-base-lighter padding-y-1">
                    <a href={`/communities/${names.get(m.communityId)?.slug}/meetings/${m.id}`}>{m.title}</a>
                    <div class="font-body-3xs text-base">
                      {t("meetingMeta", {
                        community: nameOf(m.communityId),
                        when: formatInZone(m.startsAt, m.timeZone, ctx.locale),
                      })}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      ) : null}
    </>
  );
}
