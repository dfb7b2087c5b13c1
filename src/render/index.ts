/** Plan → text, Markdown and JSON (pure). */
export { code, escapeHtml, escapeMarkdown, preformatted } from "./escape.ts";
export { renderApplyResultMarkdown } from "./markdown-apply.ts";
export type { ApplyMarkdownOptions } from "./markdown-apply.ts";
export { COMMENT_MAX_LENGTH } from "./markdown-layout.ts";
export { renderMarkdown } from "./markdown.ts";
export type { MarkdownOptions } from "./markdown.ts";
export { renderJson, renderText } from "./text.ts";
export type { TextOptions } from "./text.ts";
