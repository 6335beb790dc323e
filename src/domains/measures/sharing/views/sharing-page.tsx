import { translator } from "../../../../platform/i18n";
import { dateTimeFormat } from "../../../../platform/i18n/formats";
import {
  Button,
  ErrorSummary,
  Form,
  type FormState,
  RadioGroup,
  SelectField,
  Table,
} from "../../../../platform/ui/components";
import type { PageContext } from "../../../../platform/ui/context";
import { Layout } from "../../../../platform/ui/layout";
import type { Organisation } from "../../../directory/service";
import { sharingCatalog } from "../messages";
import type { SharingChoice } from "../service";

export const sharingPath = (organisationId: string) => `/measures/orgs/${organisationId}/sharing`;

export function SharingPage(props: {
  ctx: PageContext;
  school: Organisation;
  years: string[];
  choices: SharingChoice[];
  form: FormState;
}) {
  const { ctx, school } = props;
  const t = translator(sharingCatalog, ctx.locale);
  const title = t("title", { school: school.name });
  const byYear = new Map(props.choices.map((c) => [c.schoolYear, c]));
  const date = dateTimeFormat(ctx.locale, { dateStyle: "medium" });
  const years = [...new Set([...props.years, ...props.choices.map((c) => c.schoolYear)])].sort().reverse();
  return (
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[
        { label: t("home"), href: "/" },
        { label: t("measures"), href: "/measures" },
        { label: school.name, href: `/measures/orgs/${school.id}` },
        { label: title },
      ]}
    >
      <h1>{title}</h1>
      <ErrorSummary state={props.form} />
      <p class="usa-intro">{t("intro")}</p>
      <Table
        caption={t("tableCaption")}
        headers={[t("schoolYear"), t("choice"), t("changed")]}
        rows={years.map((year) => {
          const choice = byYear.get(year);
          return [
            year,
            !choice ? t("defaultYes") : choice.shared ? t("yes") : t("no"),
            choice?.changedAt ? date.format(choice.changedAt) : "–",
          ];
        })}
      />
      <h2>{t("formHeading")}</h2>
      <Form action={sharingPath(school.id)} csrfToken={ctx.csrfToken}>
        <SelectField
          state={props.form}
          name="schoolYear"
          label={t("schoolYear")}
          choices={years.map((y) => ({ value: y, label: y }))}
        />
        <RadioGroup
          state={props.form}
          name="shared"
          label={t("shared")}
          choices={[
            { value: "yes", label: t("sharedYes") },
            { value: "no", label: t("sharedNo") },
          ]}
        />
        <Button>{t("save")}</Button>
      </Form>
    </Layout>
  );
}
