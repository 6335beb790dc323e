import { ActionButton, Table } from "../../../../platform/ui/components";
import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import { tr } from "./shared";

export interface ListedNetwork {
  slug: string;
  name: string;
  /** How the person is in it, in words. */
  how: string;
}

export interface TeamInvitation {
  slug: string;
  network: string;
  teamId: string;
  organisationName: string;
}

export function NetworksPage(props: {
  ctx: PageContext;
  networks: ListedNetwork[];
  invitations: TeamInvitation[];
}) {
  const { ctx } = props;
  const t = tr(ctx.locale);
  return (
    <Layout
      ctx={ctx}
      title={t("networks")}
      breadcrumbs={[{ label: t("home"), href: "/" }, { label: t("networks") }]}
    >
      <h1>{t("networks")}</h1>
      <p class="usa-intro">{t("networksIntro")}</p>
      {props.invitations.length > 0 ? (
        <>
          <h2>{t("invitationsHeading")}</h2>
          <ul class="usa-list">
            {props.invitations.map((i) => {
              const action = `/networks/${encodeURIComponent(i.slug)}/teams/${i.teamId}/invitation`;
              const what = t("invitedToNetwork", { organisation: i.organisationName, network: i.network });
              return (
                <li>
                  {what}{" "}
                  <ActionButton
                    action={action}
                    csrfToken={ctx.csrfToken}
                    label={t("accept")}
                    context={what}
                    hidden={{ decision: "accept" }}
                  />
                  <ActionButton
                    action={action}
                    csrfToken={ctx.csrfToken}
                    label={t("decline")}
                    context={what}
                    variant="outline"
                    hidden={{ decision: "decline" }}
                  />
                </li>
              );
            })}
          </ul>
        </>
      ) : null}
      <h2>{t("yourNetworks")}</h2>
      {props.networks.length === 0 ? (
        <p>{t("noNetworks")}</p>
      ) : (
        <Table
          caption={t("yourNetworks")}
          captionHidden
          headers={[t("networks"), ""]}
          rows={props.networks.map((n) => [
            <a href={`/networks/${encodeURIComponent(n.slug)}`}>{n.name}</a>,
            n.how,
          ])}
        />
      )}
    </Layout>
  );
}
