import { translator } from "../i18n";
import type { PageContext } from "./context";
import { Layout } from "./layout";
import { shellCatalog } from "./messages";

export function ErrorPage({ ctx, status, kind }: { ctx: PageContext; status: number; kind?: "csrf" }) {
  const t = translator(shellCatalog, ctx.locale);
  const [title, body] =
    kind === "csrf"
      ? [t("csrfTitle"), t("csrfBody")]
      : status === 404
        ? [t("notFoundTitle"), t("notFoundBody")]
        : status === 403 || status === 401
          ? [t("forbiddenTitle"), t("forbiddenBody")]
          : status === 429
            ? [t("tooManyTitle"), t("tooManyBody")]
            : status >= 500
              ? [t("errorTitle"), t("errorBody")]
              : [t("errorTitle"), t("fieldInvalid", { label: ctx.path })];
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="usa-intro">{body}</p>
      <p>
        <a href="/" class="usa-button">
          {t("backHome")}
        </a>
      </p>
    </Layout>
  );
}
