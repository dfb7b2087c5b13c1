/**
 * `${env:NAME}`, `${secret:NAME}` and `${var:NAME}` references inside manifest strings.
 * `$${` stands for a literal `${`. Names are upper-case identifiers (`[A-Z_][A-Z0-9_]*`).
 */
import { findClosest } from "../schema/suggest.ts";
import { looksLikeCredentialName } from "./credentials.ts";

export const referenceSchemes = ["env", "secret", "var"] as const;
export type ReferenceScheme = (typeof referenceSchemes)[number];

export interface Reference {
  scheme: ReferenceScheme;
  name: string;
  /** Offsets of `${` and one past `}` in the string. */
  start: number;
  end: number;
}

export interface ReferenceProblem {
  /** Offset of the malformed `${`. */
  start: number;
  message: string;
}

const NAME = /^[A-Z_][A-Z0-9_]*$/;

/**
 * Every reference of a string, and what is malformed; `$${` escapes are skipped. With `redact`,
 * messages do not quote the text (it may be a credential pasted into a reference).
 */
export function scanReferences(
  value: string,
  options: { redact?: boolean } = {},
): { references: Reference[]; problems: ReferenceProblem[] } {
  const references: Reference[] = [];
  const problems: ReferenceProblem[] = [];
  let index = value.indexOf("${");
  while (index !== -1) {
    if (index > 0 && value[index - 1] === "$") {
      index = value.indexOf("${", index + 2);
      continue;
    }
    const close = value.indexOf("}", index + 2);
    const nextOpen = value.indexOf("${", index + 2);
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
      problems.push({
        start: index,
        message: "unclosed '${': close it with '}' (write '$${' for a literal '${')",
      });
      if (close === -1) break;
      index = nextOpen;
      continue;
    }
    const body = value.slice(index + 2, close);
    const problem = checkReferenceBody(body, options.redact === true);
    if (problem === undefined) {
      const colon = body.indexOf(":");
      references.push({
        scheme: body.slice(0, colon) as ReferenceScheme,
        name: body.slice(colon + 1),
        start: index,
        end: close + 1,
      });
    } else {
      problems.push({ start: index, message: problem });
    }
    index = value.indexOf("${", close + 1);
  }
  return { references, problems };
}

function checkReferenceBody(body: string, redact: boolean): string | undefined {
  const colon = body.indexOf(":");
  if (colon === -1) {
    if (redact)
      return "a '${…}' reference has no scheme: write ${secret:NAME} for a credential, else ${env:NAME}";
    const name = suggestName(body);
    // Never suggest ${env:} for what looks like a credential: ${env:} values are printed.
    return looksLikeCredentialName(name)
      ? `'\${${body}}' has no scheme: write \${secret:${name}} (a credential, in a Connection's auth.params), or \${env:…} or \${var:…}`
      : `'\${${body}}' has no scheme: write \${env:${name}}, \${secret:…} or \${var:…}`;
  }
  const scheme = body.slice(0, colon);
  const name = body.slice(colon + 1);
  if (redact && !NAME.test(name)) {
    return "invalid name in a '${…}' reference: use upper-case letters, digits and '_'";
  }
  if (!(referenceSchemes as readonly string[]).includes(scheme)) {
    let closest = findClosest(scheme, referenceSchemes);
    if (closest === "env" && looksLikeCredentialName(name)) closest = "secret";
    const hint = closest === undefined ? "" : ` (did you mean '${closest}'?)`;
    return `unknown reference scheme '${scheme}'${hint}: use env, secret or var`;
  }
  if (!NAME.test(name)) {
    return `invalid name '${name}' in \${${scheme}:…}: use upper-case letters, digits and '_' (e.g. ${suggestName(name)})`;
  }
  return undefined;
}

/** `clientSecret` → `CLIENT_SECRET`: the conventional environment variable name for a key. */
export function suggestName(text: string): string {
  const name = text
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .replace(/([0-9])([A-Z][a-z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toUpperCase();
  if (name === "") return "NAME";
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** The reference when the whole string is exactly one reference (`${secret:X}`), else undefined. */
export function parseSingleReference(value: string): Reference | undefined {
  const { references, problems } = scanReferences(value);
  const only = references[0];
  if (problems.length > 0 || references.length !== 1 || only === undefined) return undefined;
  return only.start === 0 && only.end === value.length ? only : undefined;
}

/**
 * Replaces every reference with `lookup(reference)`, and `$${` with `${`. References whose
 * lookup gives undefined are left in place and listed in `missing`.
 */
export function resolveReferences(
  value: string,
  lookup: (reference: Reference) => string | undefined,
): { value: string; missing: Reference[] } {
  const { references } = scanReferences(value);
  const missing: Reference[] = [];
  let out = "";
  let cursor = 0;
  for (const reference of references) {
    out += unescape(value.slice(cursor, reference.start));
    const resolved = lookup(reference);
    if (resolved === undefined) {
      missing.push(reference);
      out += value.slice(reference.start, reference.end);
    } else {
      out += resolved;
    }
    cursor = reference.end;
  }
  out += unescape(value.slice(cursor));
  return { value: out, missing };
}

function unescape(text: string): string {
  return text.replaceAll("$${", "${");
}
