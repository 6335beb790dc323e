import { kindOfContentType } from "../../../../platform/files/content-type";
import { type Locale, translator } from "../../../../platform/i18n";
import { filesCatalog } from "../messages";
import type { ResourceFileRow } from "../repo";

/** "2.4 MB", "830 KB", in the reader's language. */
export function fileSizeText(bytes: number, locale: Locale): string {
  const [value, unit] =
    bytes >= 1024 * 1024
      ? [bytes / (1024 * 1024), "MB"]
      : bytes >= 1024
        ? [bytes / 1024, "KB"]
        : [bytes, "B"];
  const number = new Intl.NumberFormat(locale === "es" ? "es-US" : "en-US", {
    maximumFractionDigits: value < 10 && unit !== "B" ? 1 : 0,
  }).format(value);
  return `${number} ${unit}`;
}

/** "PDF", "Word", "PNG image": what a reader calls the file's type. */
export function fileTypeText(contentType: string, locale: Locale): string {
  const t = translator(filesCatalog, locale);
  const kind = kindOfContentType(contentType)?.kind ?? "other";
  return t(`kind_${kind}` as Parameters<typeof t>[0]);
}

/**
 * A resource's files as readers see them on its page: each a download link naming what it is,
 * its type, size and language (so a screen reader hears all of it before following the link).
 */
export function ResourceFilesList(props: {
  files: ResourceFileRow[];
  locale: Locale;
  /** The download address of a file. */
  href: (file: ResourceFileRow) => string;
  headingLevel?: 2 | 3;
}) {
  const t = translator(filesCatalog, props.locale);
  const Heading = props.headingLevel === 3 ? "h3" : "h2";
  return (
    <section aria-labelledby="resource-files-heading">
      <Heading id="resource-files-heading">{t("filesHeading")}</Heading>
      {props.files.length === 0 ? (
        <p>{t("noFiles")}</p>
      ) : (
        <ul class="usa-list usa-list--unstyled">
          {props.files.map((file) => (
            <li class="margin-bottom-1">
              <a class="usa-link" href={props.href(file)} download={file.fileName}>
                {file.label || file.fileName}
              </a>{" "}
              <span class="text-base-dark">
                ({fileTypeText(file.contentType, props.locale)}, {fileSizeText(file.bytes, props.locale)},{" "}
                {t(`fileLanguage_${file.language}`)})
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
