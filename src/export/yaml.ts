/**
 * Manifest documents as YAML text, in the style of the example pipelines: block mappings, one
 * flow mapping per mapping row, inline schedule and deltaColumn, comments above each document.
 * Deterministic: the same documents give the same bytes.
 */
import { Document, isMap, isSeq } from "yaml";
import type { Json } from "./model.ts";

export interface ManifestDoc {
  kind: "Connection" | "Schema" | "Dataset" | "Pipeline";
  name: string;
  /** Comment lines written above the document (without `# `). */
  comments: string[];
  manifest: Json;
}

/** Paths whose value is written inline (`*` matches every item of a list). */
const FLOW_PATHS: readonly (readonly string[])[] = [
  ["spec", "mapping", "*"],
  ["spec", "schedule"],
  ["spec", "deltaColumn"],
  ["spec", "connectionSpec"],
];

function markFlow(node: unknown, path: readonly string[]): void {
  if (path.length === 0) {
    if (isMap(node) || isSeq(node)) node.flow = true;
    return;
  }
  const [head, ...rest] = path;
  if (head === "*") {
    if (isSeq(node)) for (const item of node.items) markFlow(item, rest);
    return;
  }
  if (isMap(node)) markFlow(node.get(head, true), rest);
}

/** One line of a comment: no line breaks or control characters from AEP's names can escape it. */
export function commentLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  return `# ${text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ")}`.trimEnd();
}

export function renderDoc(doc: ManifestDoc): string {
  const yaml = new Document(doc.manifest, { schema: "core" });
  for (const path of FLOW_PATHS) markFlow(yaml.contents, path);
  const body = yaml.toString({ lineWidth: 0, indentSeq: true });
  return [...doc.comments.map(commentLine), body].join("\n");
}

/** A file of documents: the editor's schema comment, a header, the documents. */
export function renderFile(header: readonly string[], docs: readonly ManifestDoc[]): string {
  const top = header.map(commentLine).join("\n");
  return `${top}\n${docs.map(renderDoc).join("---\n")}`;
}
