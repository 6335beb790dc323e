import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import type { Dependencies } from "../../../platform/cache";
import { can } from "../../../platform/policy";
import { ActionButton, Button, Form, SelectField, Table, TextArea } from "../../../platform/ui/components";
import { Layout } from "../../../platform/ui/layout";
import { SlugParams } from "../contracts";
import { agendaItemTags, listAgenda } from "../agenda/service";
import { sharedTopicLists } from "../discussions/service";
import { pendingJoinRequests, visitCommunity } from "../membership/service";
import { formatInZone, upcomingMeetings } from "../meetings/service";
import { queueSize } from "../moderation/service";
import { AgendaTable } from "../agenda/pages";
import { WATCH_LEVELS } from "../schema";
import { communityBySlug, communityOf, dependenciesOf } from "../route-params";
import { communityTags } from "../cache-tags";
import { communityName, communityPurpose, leadsOf, memberCountsByStakeholder } from "../service";
import { crumbs, label, Tag, Time, tFor } from "../views/shared";

/** Kinds of community that are improvement networks, with shared measures and a dashboard (improvement/networks). */
const NETWORK_KINDS: ReadonlySet<string> = new Set(["improvement_network", "learning_collaborative"]);

/**
 * One community's page: purpose, joining or the member's settings, lead tools, topics, agenda,
 * meetings, leads and members by stakeholder type.
 */
export async function communityPage(app: FastifyInstance) {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const topicLists = sharedTopicLists(app.caches);
  // Leads, members by type and upcoming meetings are the same for every reader.
  const shared = {
    facts: app.caches.create<CommunityFacts>({ maxEntries: 2_000, ttlMs: MEETINGS_CHANGE_MS }),
  };
  const loadFacts = async (communityId: string, own: Dependencies): Promise<CommunityFacts> => {
    own.add(communityTags.community(communityId), communityTags.agenda(communityId), communityTags.people);
    const [leads, counts, meetings] = await Promise.all([
      leadsOf(app.db, communityId),
      memberCountsByStakeholder(app.db, communityId),
      upcomingMeetings(app.db, communityId, 5),
    ]);
    return { leads, counts, meetings };
  };
  r.get(
    "/communities/:slug",
    {
      schema: { params: SlugParams },
      config: { access: { action: "community.read", load: communityBySlug, refuse: 404 } },
    },
    (request, reply) =>
      reply.cachedPage(
        async (ctx, deps) => {
          const actor = await request.actor();
          const view = communityOf(request);
          const c = view.community;
          const t = tFor(ctx);
          deps.add(
            ...dependenciesOf(request),
            communityTags.topicsIn(c.id),
            communityTags.agenda(c.id),
            communityTags.moderation(c.id),
            communityTags.people,
            actor && communityTags.readsOf(actor.userId),
          );
          // The viewer's own part in one statement; what every reader sees from shared caches.
          const mine = actor
            ? await visitCommunity(app.db, c.id, actor.userId)
            : { watch: "normal" as const, since: null, readUpToDate: new Set<string>() };
          const [facts, topicList, agenda] = await Promise.all([
            shared.facts.load(c.id, (own) => loadFacts(c.id, own), deps),
            topicLists(app.db, view, actor, mine, {}, deps),
            listAgenda(app.db, actor, { community: c.slug }),
          ]);
          const { leads, counts, meetings } = facts ?? (await loadFacts(c.id, deps));
          deps.add(...agendaItemTags(agenda));
          const isLead = can(actor, "community.lead", view.resource);
          const [queue, requests] = isLead
            ? await Promise.all([queueSize(app.db, c.id), pendingJoinRequests(app.db, c.id)])
            : [0, []];
          const watch = mine.watch;
          const name = communityName(c, ctx.locale);
          const total = counts.reduce((s, r) => s + r.n, 0);
          return (
            <Layout ctx={ctx} title={name} breadcrumbs={crumbs(ctx, { label: name })}>
              <h1>{name}</h1>
              <p>
                <Tag>{label(t, "kind", c.kind)}</Tag>
                <Tag>{label(t, "level", c.level)}</Tag>
                {c.stateCode ? <Tag>{c.stateCode}</Tag> : null}
                <Tag>{label(t, "visibility", c.visibility)}</Tag>
                <Tag>{label(t, "joinPolicy", c.joinPolicy)}</Tag>
              </p>
              <p class="usa-intro">{communityPurpose(c, ctx.locale)}</p>
              {c.topics.length > 0 ? <p>{c.topics.map((k) => label(t, "topic", k)).join(" · ")}</p> : null}
              <MembershipBox />
              {NETWORK_KINDS.has(c.kind) && view.resource.viewerRole ? (
                <p>
                  <a class="usa-button usa-button--outline" href={`/networks/${c.slug}`}>
                    {t("networkDashboardLink")}
                  </a>
                </p>
              ) : null}
              {isLead ? (
                <section
                  aria-labelledby="lead-tools"
                  class="border-1px border-base-lighter radius-md padding-2 margin-y-3"
                >
                  <h2 id="lead-tools" class="margin-top-0">
                    {t("leadToolsHeading")}
                  </h2>
                  <ul class="usa-list">
                    <li>
                      <a href={`/communities/${c.slug}/moderation`}>
                        {t("moderationQueue", { count: queue })}
                      </a>
                    </li>
                    <li>
                      <a href={`/communities/${c.slug}/requests`}>
                        {t("joinRequests", { count: requests.length })}
                      </a>
                    </li>
                    <li>
                      <a href={`/communities/${c.slug}/invite`}>{t("inviteMembers")}</a>
                    </li>
                    <li>
                      <a href={`/communities/${c.slug}/members`}>{t("membersLink")}</a>
                    </li>
                  </ul>
                </section>
              ) : null}
              <h2>{t("discussionsHeading")}</h2>
              {can(actor, "community.post", view.resource) ? (
                <p>
                  <a class="usa-button" href={`/communities/${c.slug}/topics/new`}>
                    {t("startTopic")}
                  </a>
                </p>
              ) : null}
              {topicList.items.length === 0 ? (
                <p>{t("noTopics")}</p>
              ) : (
                <Table
                  caption={t("topicsCaption")}
                  headers={[t("topicColumn"), t("repliesColumn"), t("lastActivityColumn")]}
                  rows={topicList.items.map((tp) => [
                    <>
                      <a href={`/communities/${c.slug}/topics/${tp.id}`}>{tp.title}</a>{" "}
                      {tp.pinned ? <Tag kind="pinned">{t("pinned")}</Tag> : null}
                      {tp.closed ? <Tag kind="closed">{t("closed")}</Tag> : null}
                      {tp.status === "pending" ? <Tag kind="warn">{t("waiting")}</Tag> : null}
                      {tp.isNew ? (
                        <Tag kind="new">{t("newSinceVisit")}</Tag>
                      ) : tp.unread ? (
                        <Tag kind="new">{t("unread")}</Tag>
                      ) : null}
                      <div class="font-body-3xs text-base">{t("startedBy", { name: tp.authorName })}</div>
                    </>,
                    String(tp.replyCount),
                    <Time locale={ctx.locale} date={tp.lastPostAt} />,
                  ])}
                />
              )}
              <h2>{t("agendaHeading")}</h2>
              <AgendaTable t={t} items={agenda.slice(0, 10)} locale={ctx.locale} />
              <p>
                <a href={`/communities/${c.slug}/agenda`}>{t("agendaSeeAll")}</a>
                {isLead ? (
                  <>
                    {" · "}
                    <a href={`/communities/${c.slug}/agenda/new`}>{t("agendaAdd")}</a>
                  </>
                ) : null}
              </p>
              <h2>{t("meetingsHeading")}</h2>
              {meetings.length === 0 ? (
                <p>{t("meetingsEmpty")}</p>
              ) : (
                <ul class="usa-list">
                  {meetings.map((m) => (
                    <li>
                      <a href={`/communities/${c.slug}/meetings/${m.id}`}>{m.title}</a> —{" "}
                      <time dateTime={m.startsAt.toISOString()}>
                        {formatInZone(m.startsAt, m.timeZone, ctx.locale)}
                      </time>
                    </li>
                  ))}
                </ul>
              )}
              <p>
                <a href={`/communities/${c.slug}/calendar.ics`}>{t("calendarFeed")}</a>
                {isLead ? (
                  <>
                    {" · "}
                    <a href={`/communities/${c.slug}/meetings/new`}>{t("meetingSchedule")}</a>
                  </>
                ) : null}
              </p>
              <h2>{t("leadsHeading")}</h2>
              {leads.length === 0 ? (
                <p>{t("noLeads")}</p>
              ) : (
                <ul class="usa-list">
                  {leads.map((l) => (
                    <li>
                      {l.handle ? <a href={`/people/${l.handle}`}>{l.name}</a> : l.name} (
                      {label(t, "sh", l.stakeholderRole)})
                    </li>
                  ))}
                </ul>
              )}
              <h2>{t("membersByTypeHeading")}</h2>
              <p>{total === 1 ? t("memberCountOne") : t("memberCount", { count: total })}</p>
              {counts.length > 0 ? (
                <Table
                  caption={t("membersByTypeCaption")}
                  headers={[t("stakeholderType"), t("count")]}
                  rows={counts.map((r) => [label(t, "sh", r.stakeholderRole), String(r.n)])}
                />
              ) : null}
              <p>
                <a href={`/communities/${c.slug}/reach`}>{t("reachLink")}</a>
              </p>
            </Layout>
          );

          function MembershipBox() {
            if (!ctx.viewer) {
              return (
                <p>
                  <a
                    class="usa-button"
                    href={`/sign-in?next=${encodeURIComponent(`/communities/${c.slug}`)}`}
                  >
                    {t("signInToJoin")}
                  </a>
                </p>
              );
            }
            if (view.role) {
              const state = { locale: ctx.locale, values: { watch } };
              return (
                <div class="margin-y-3">
                  <p>{view.role === "lead" ? t("youAreLead") : t("youAreMember")}</p>
                  <Form action={`/communities/${c.slug}/watch`} csrfToken={ctx.csrfToken}>
                    <SelectField
                      state={state}
                      name="watch"
                      label={t("watchLabel")}
                      required
                      choices={WATCH_LEVELS.map((w) => ({ value: w, label: label(t, "watch", w) }))}
                    />
                    <Button variant="outline">{t("saveWatch")}</Button>
                  </Form>
                  <ActionButton
                    action={`/communities/${c.slug}/leave`}
                    csrfToken={ctx.csrfToken}
                    label={t("leave")}
                    variant="outline"
                  />
                </div>
              );
            }
            if (c.joinPolicy === "invite") return <p>{t("inviteOnly")}</p>;
            if (actor && !actor.emailVerified) return <p>{t("confirmEmailToJoin")}</p>;
            if (c.joinPolicy === "request") {
              return (
                <Form action={`/communities/${c.slug}/join`} csrfToken={ctx.csrfToken}>
                  <TextArea
                    state={{ locale: ctx.locale }}
                    name="message"
                    label={t("requestMessage")}
                    rows={3}
                    maxLength={1000}
                  />
                  <Button>{t("requestToJoin")}</Button>
                </Form>
              );
            }
            return (
              <ActionButton
                action={`/communities/${c.slug}/join`}
                csrfToken={ctx.csrfToken}
                label={t("join")}
              />
            );
          }
          // Upcoming meetings leave the list as time passes.
        },
        { ttlMs: MEETINGS_CHANGE_MS },
      ),
  );
}

const MEETINGS_CHANGE_MS = 60_000;

interface CommunityFacts {
  leads: Awaited<ReturnType<typeof leadsOf>>;
  counts: Awaited<ReturnType<typeof memberCountsByStakeholder>>;
  meetings: Awaited<ReturnType<typeof upcomingMeetings>>;
}
