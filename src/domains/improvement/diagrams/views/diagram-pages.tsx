import type { FieldErrors, FormValues } from "../../../../platform/http/forms";
import { type Locale, translator } from "../../../../platform/i18n";
import {
  Button,
  ErrorSummary,
  Form,
  RadioGroup,
  SelectField,
  TextField,
} from "../../../../platform/ui/components";
import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import type { Organisation } from "../../../directory/service";
import type { CycleOnChart } from "../../cycles/service";
import { cyclesCatalog } from "../../cycles/messages";
import type { Project } from "../../plans/service";
import { day, planCrumbs, projectHref } from "../../plans/views/common";
import { plansCatalog } from "../../plans/messages";
import { diagramsCatalog } from "../messages";
import { type Branch, type DriverNode, levelOf } from "../service";
import { DiagramSvg } from "./diagram-svg";

const tr = (locale: Locale) => translator(diagramsCatalog, locale);
export const nodeHref = (id: string) => `/improvement/nodes/${id}`;
export const diagramHref = (projectId: string) => `${projectHref(projectId)}/diagram`;

export type CycleBrief = Map<string, { count: number; latest: CycleOnChart }>;

export function cycleBriefText(brief: CycleBrief, ideaId: string, locale: Locale): string {
  const t = tr(locale);
  const c = translator(cyclesCatalog, locale);
  const found = brief.get(ideaId);
  if (!found) return t("noCycles");
  const { latest } = found;
  const dates = latest.startsOn ? `${latest.startsOn} – ${latest.endsOn ?? "…"}` : c("noDates");
  return t("cyclesBrief", { n: found.count, title: latest.title, stage: c(`stage_${latest.stage}`), dates });
}

function NestedList(props: { branches: Branch<DriverNode>[]; locale: Locale; cycles: CycleBrief }) {
  const t = tr(props.locale);
  return (
    <ul class="usa-list">
      {props.branches.map((b) => (
        <li>
          <span class="text-bold">{t(`level_${levelOf(b)}`)}:</span>{" "}
          <a href={nodeHref(b.node.id)}>{b.node.title}</a>
          {b.node.kind === "change" ? (
            <span class="smh-meta"> ({cycleBriefText(props.cycles, b.node.id, props.locale)})</span>
          ) : null}
          {b.children.length > 0 ? (
            <NestedList branches={b.children} locale={props.locale} cycles={props.cycles} />
          ) : null}
        </li>
      ))}
    </ul>
  );
}

const count = (tree: Branch<DriverNode>[], level: string): number =>
  tree.reduce((n, b) => n + (levelOf(b) === level ? 1 : 0) + count(b.children, level), 0);

export function aimText(project: Project, locale: Locale): string {
  const parts = [project.aimWhat, project.aimHowMuch, project.aimByWhen].filter(Boolean);
  return parts.length ? parts.join(" · ") : tr(locale)("noAim");
}

export function DiagramPage(
  props: {
    ctx: PageContext;
    team: Organisation;
    project: Project;
    tree: Branch<DriverNode>[];
    cycles: CycleBrief;
    canWrite: boolean;
  } & { values?: FormValues; errors?: FieldErrors },
) {
  const { ctx, project, tree } = props;
  const t = tr(ctx.locale);
  const title = t("diagramTitle", { title: project.title });
  const aim = aimText(project, ctx.locale);
  const state = {
    locale: ctx.locale,
    values: props.values ?? {},
    errors: props.errors,
    labels: { title: t("driverTitle") },
  };
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={planCrumbs(ctx.locale, props.team, project, t("diagramCrumb"))}
    >
      <h1>{title}</h1>
      <p class="usa-intro">{t("diagramIntro")}</p>
      <DiagramSvg
        id="driver-diagram"
        tree={tree}
        labels={{
          title: t("svgTitle", { title: project.title }),
          description: t("svgDesc", {
            aim,
            primary: count(tree, "primary"),
            secondary: count(tree, "secondary"),
            changes: count(tree, "change"),
          }),
          columns: [t("colAim"), t("colPrimary"), t("colSecondary"), t("colChange")],
          aim,
        }}
      />
      <h2>{t("listHeading")}</h2>
      <p>
        <span class="text-bold">{t("colAim")}:</span> {aim}
      </p>
      {tree.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <NestedList branches={tree} locale={ctx.locale} cycles={props.cycles} />
      )}
      {props.canWrite ? (
        <>
          <h2>{t("addPrimaryHeading")}</h2>
          <ErrorSummary state={state} />
          <Form action={`${diagramHref(project.id)}/drivers`} csrfToken={ctx.csrfToken}>
            <TextField
              state={state}
              name="title"
              label={t("driverTitle")}
              hint={translator(plansCatalog, ctx.locale)("noStudentInfo")}
              required
              maxLength={200}
            />
            <Button>{t("addPrimary")}</Button>
          </Form>
        </>
      ) : null}
    </Layout>
  );
}

export interface NodeView {
  team: Organisation;
  project: Project;
  node: DriverNode;
  branch: Branch<DriverNode>;
  parent: DriverNode | null;
  /** Where it may move: null is the aim. */
  targets: { id: string | null; label: string }[];
  cycles: CycleOnChart[];
  canWrite: boolean;
}

export function NodePage(props: {
  ctx: PageContext;
  view: NodeView;
  values?: FormValues;
  errors?: FieldErrors;
}) {
  const { ctx, view } = props;
  const { node, branch } = view;
  const t = tr(ctx.locale);
  const c = translator(cyclesCatalog, ctx.locale);
  const level = t(`level_${levelOf(branch)}`);
  const title = t("nodeTitle", { level, title: node.title });
  const noStudent = translator(plansCatalog, ctx.locale)("noStudentInfo");
  const values = props.values ?? { title: node.title };
  const state = {
    locale: ctx.locale,
    values,
    errors: props.errors,
    labels: {
      title: t("driverTitle"),
      childTitle: t("childTitle"),
      kind: t("childKind"),
      parentId: t("moveTo"),
    },
  };
  const childKinds =
    node.kind === "change"
      ? []
      : branch.depth === 1
        ? (["driver", "change"] as const)
        : (["change"] as const);
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        ...planCrumbs(ctx.locale, view.team, view.project, undefined).map((crumb, i, all) =>
          i === all.length - 1 ? { ...crumb, href: projectHref(view.project.id) } : crumb,
        ),
        { label: t("diagramCrumb"), href: diagramHref(view.project.id) },
        { label: node.title },
      ]}
    >
      <h1>{title}</h1>
      <p>
        {t("under")}:{" "}
        {view.parent ? (
          <a href={nodeHref(view.parent.id)}>{view.parent.title}</a>
        ) : (
          <a href={diagramHref(view.project.id)}>{t("underAim")}</a>
        )}
      </p>
      {node.kind === "change" ? (
        <>
          <h2>{c("cyclesOfIdea")}</h2>
          {view.cycles.length === 0 ? (
            <p>{t("noCycles")}</p>
          ) : (
            <ul class="usa-list">
              {view.cycles.map((cy) => (
                <li>
                  <a href={cy.href}>{cy.title}</a>: {c(`stage_${cy.stage}`)},{" "}
                  {cy.startsOn ? `${day(cy.startsOn)} – ${day(cy.endsOn)}` : c("noDates")}
                  {cy.decision ? ` (${c(`decision_${cy.decision}`)})` : ""}
                </li>
              ))}
            </ul>
          )}
          {view.canWrite ? (
            <p>
              <a class="usa-button" href={`${nodeHref(node.id)}/cycles/new`}>
                {t("startCycle")}
              </a>
            </p>
          ) : null}
        </>
      ) : (
        <>
          <h2>{t("childrenHeading")}</h2>
          {branch.children.length === 0 ? (
            <p>{t("nothingUnder")}</p>
          ) : (
            <ul class="usa-list">
              {branch.children.map((b) => (
                <li>
                  {t(`level_${levelOf(b)}`)}: <a href={nodeHref(b.node.id)}>{b.node.title}</a>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {view.canWrite ? (
        <>
          <ErrorSummary state={state} />
          {childKinds.length > 0 ? (
            <>
              <h2>{t("addChildHeading")}</h2>
              <Form action={`${nodeHref(node.id)}/children`} csrfToken={ctx.csrfToken}>
                {childKinds.length === 1 ? (
                  <input type="hidden" name="kind" value={childKinds[0]} />
                ) : (
                  <RadioGroup
                    state={state}
                    name="kind"
                    label={t("childKind")}
                    required
                    choices={childKinds.map((k) => ({
                      value: k,
                      label: t(k === "driver" ? "kind_secondary" : "kind_change"),
                    }))}
                  />
                )}
                <TextField
                  state={state}
                  name="childTitle"
                  label={childKinds.length === 1 ? t("kind_change") : t("childTitle")}
                  hint={noStudent}
                  required
                  maxLength={200}
                />
                <Button>{t("addChild")}</Button>
              </Form>
            </>
          ) : null}
          <h2>{t("renameHeading")}</h2>
          <Form action={nodeHref(node.id)} csrfToken={ctx.csrfToken}>
            <TextField
              state={state}
              name="title"
              label={t("driverTitle")}
              hint={noStudent}
              required
              maxLength={200}
            />
            <Button variant="outline">{t("rename")}</Button>
          </Form>
          <h2>{t("moveHeading")}</h2>
          {view.targets.length === 0 ? (
            <p>{t("nowhereToMove")}</p>
          ) : (
            <Form action={`${nodeHref(node.id)}/move`} csrfToken={ctx.csrfToken}>
              <SelectField
                state={state}
                name="parentId"
                label={t("moveTo")}
                hint={t("moveHint")}
                required
                choices={view.targets.map((target) => ({ value: target.id ?? "aim", label: target.label }))}
              />
              <Button variant="outline">{t("move")}</Button>
            </Form>
          )}
          <p>
            <a href={`${nodeHref(node.id)}/remove`}>{t("removeLink")}</a>
          </p>
        </>
      ) : null}
      <p>
        <a href={diagramHref(view.project.id)}>{t("backToDiagram")}</a>
      </p>
    </Layout>
  );
}

export function RemovePage(props: {
  ctx: PageContext;
  team: Organisation;
  project: Project;
  node: DriverNode;
  under: DriverNode[];
  cycleCount: number;
}) {
  const { ctx, node } = props;
  const t = tr(ctx.locale);
  const title = t("removeTitle", { title: node.title });
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={planCrumbs(ctx.locale, props.team, props.project, t("diagramCrumb"))}
    >
      <h1>{title}</h1>
      <p>{t("removeIntro")}</p>
      {props.under.length > 0 ? (
        <>
          <p>{t("removeAlso")}</p>
          <ul class="usa-list">
            {props.under.map((n) => (
              <li>{n.title}</li>
            ))}
          </ul>
        </>
      ) : null}
      {props.cycleCount > 0 ? <p>{t("removeCycles", { n: props.cycleCount })}</p> : null}
      <Form action={`${nodeHref(node.id)}/remove`} csrfToken={ctx.csrfToken}>
        <Button variant="secondary">{t("removeConfirm")}</Button>{" "}
        <a class="usa-button usa-button--outline" href={nodeHref(node.id)}>
          {t("cancel")}
        </a>
      </Form>
    </Layout>
  );
}
