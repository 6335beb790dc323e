import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";

/**
 * Posts are Markdown. markdown-it runs with raw HTML off, and its output passes through an
 * allow-list: paragraphs, links, lists, quotes, code and emphasis survive; everything else
 * (headings included, which would break the page's heading order) is reduced to its text.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: false });
markdown.validateLink = (url) => /^(https?:|mailto:|\/(?!\/)|#)/i.test(url.trim());

const MENTION = /(^|[^\w@/])@([a-z0-9][a-z0-9-]{1,38}[a-z0-9])/gi;

// @handles become links to profiles; text inside links and code is left alone.
markdown.core.ruler.after("inline", "mentions", (state) => {
  for (const block of state.tokens) {
    if (block.type !== "inline" || !block.children) continue;
    const out: typeof block.children = [];
    let insideLink = 0;
    for (const token of block.children) {
      if (token.type === "link_open") insideLink++;
      if (token.type === "link_close") insideLink--;
      if (token.type !== "text" || insideLink > 0 || !token.content.includes("@")) {
        out.push(token);
        continue;
      }
      let last = 0;
      for (const m of token.content.matchAll(MENTION)) {
        const start = m.index! + m[1]!.length;
        const before = new state.Token("text", "", 0);
        before.content = token.content.slice(last, start);
        const open = new state.Token("link_open", "a", 1);
        open.attrs = [["href", `/people/${m[2]!.toLowerCase()}`]];
        const text = new state.Token("text", "", 0);
        text.content = `@${m[2]}`;
        out.push(before, open, text, new state.Token("link_close", "a", -1));
        last = start + m[2]!.length + 1;
      }
      const rest = new state.Token("text", "", 0);
      rest.content = token.content.slice(last);
      out.push(rest);
    }
    block.children = out;
  }
});

const headingAsParagraph = (_tagName: string, attribs: sanitizeHtml.Attributes) => ({
  tagName: "p",
  attribs,
});

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "em",
    "strong",
    "del",
    "s",
    "hr",
  ],
  allowedAttributes: { a: ["href", "rel"], ol: ["start"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: {
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: "nofollow ugc noopener" } }),
    h1: headingAsParagraph,
    h2: headingAsParagraph,
    h3: headingAsParagraph,
    h4: headingAsParagraph,
    h5: headingAsParagraph,
    h6: headingAsParagraph,
  },
};

export function renderMarkdown(source: string): string {
  return sanitizeHtml(markdown.render(source), OPTIONS);
}

/** A quote of another post, ready to drop into a reply. */
export function quoteMarkdown(authorName: string, source: string): string {
  const lines = source.split(/\r?\n/).map((l) => `> ${l}`);
  return `> **${authorName.replace(/[*_`[\]<>]/g, "")}:**\n${lines.join("\n")}\n\n`;
}

/** @handles mentioned in a post, outside code. */
export function mentionedHandles(source: string): string[] {
  const withoutCode = source.replace(/```[\s\S]*?```/g, " ").replace(/`[^`]*`/g, " ");
  const found = new Set<string>();
  for (const m of withoutCode.matchAll(/(?:^|[^\w@/])@([a-z0-9][a-z0-9-]{1,38}[a-z0-9])/gi))
    found.add(m[1]!.toLowerCase());
  return [...found].slice(0, 20);
}

/** Plain text for emails and snippets. */
export function plainText(source: string, max = 300): string {
  const text = sanitizeHtml(markdown.render(source), { allowedTags: [], allowedAttributes: {} })
    .replace(/\s+/g, " ")
    .trim();
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
