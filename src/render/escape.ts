/**
 * Escaping for values that come from AEP or a manifest, placed in Markdown that GitHub renders
 * (GFM: CommonMark plus tables and autolinks, then GitHub's mention and reference filters). A value
 * must stay in its context: no HTML (so no `<!--` that could pass for a marker), no code span or fence
 * it could close, no mention, no table cell or line it could end.
 */

/** For text inside HTML elements (`<summary>`, attributes). */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const newline = /\r\n|\r|\n/g;

/**
 * For manifest or AEP values in Markdown text: HTML and Markdown punctuation are escaped, `@` cannot
 * mention anyone (a zero-width space follows it, as Renovate does), a URL is not made a link, and a
 * value stays on one line (a newline would end a table row or a list item).
 */
export function escapeMarkdown(text: string): string {
  // Backslashes first: escaping `#` after escapeHtml would break its `&#39;`.
  return escapeHtml(text.replace(/[\\`*_{}[\]()#+\-.!|~]/g, (c) => `\\${c}`))
    .replace(/@/g, "@&#8203;")
    .replace(/:\/\//g, "&#58;//")
    .replace(/www\\\./gi, (m) => `${m.slice(0, 3)}&#46;`)
    .replace(newline, " ");
}

// Between `<code>` and `</code>` GitHub still parses Markdown (emphasis, links, code spans, autolinks):
// character references show the character and never act as syntax (CommonMark §2.5).
const codeEntities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
  "*": "&#42;",
  _: "&#95;",
  "[": "&#91;",
  "]": "&#93;",
  "~": "&#126;",
  "|": "&#124;",
  "\\": "&#92;",
  "@": "&#64;",
};

/** Inline code that shows any text as it is, in prose or in a table cell; a newline shows as ⏎. */
export function code(text: string): string {
  const body = text
    .replace(/[&<>"'`*_[\]~|\\@]/g, (c) => codeEntities[c] ?? c)
    .replace(/:\/\//g, "&#58;//")
    .replace(/www\./gi, (m) => `${m.slice(0, 3)}&#46;`)
    .replace(newline, "⏎");
  return `<code>${body}</code>`;
}

const preEntities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  "`": "&#96;",
  "@": "&#64;",
};

/**
 * Text shown as it is, lines kept, in an HTML `<pre>` block: GitHub parses no Markdown in it and its
 * end is the first `</pre>`, which an escaped value cannot contain (CommonMark §4.6, HTML block 1);
 * `<` escaped, no value can open a comment (`<!--`) either.
 */
export function preformatted(text: string): string {
  return `<pre>${text.replace(/[&<>`@]/g, (c) => preEntities[c] ?? c)}</pre>`;
}
