/**
 * Redaction for everything the client lets out: error messages, error JSON and AEPSYNC_DEBUG
 * lines. Two layers: structural (credential-bearing keys of a JSON body or form are masked
 * whatever their value) and textual (every registered secret is masked wherever it appears).
 */

export const MASK = "***";

/** Registered values shorter than this are ignored: two characters occur everywhere. */
const MIN_SECRET_LENGTH = 3;
/** Values registered by guess (every string of an auth.params body) need this many. */
const MIN_GUESSED_LENGTH = 4;
/**
 * From this length on, a secret's base64 forms and its fragments cut by someone else are masked
 * too; shorter ones only verbatim and escaped (their base64 fragments match ordinary text), which
 * is why validate warns about them.
 */
const MIN_ENCODED_LENGTH = 8;
/** The shortest piece of a secret, cut at the edge of a text, that is masked. */
const FRAGMENT_LENGTH = 6;

const secrets = new Set<string>();
const forms = new Set<string>();
/** Every FRAGMENT_LENGTH-character piece of each long secret → where it starts in which secret. */
const pieces = new Map<string, { secret: string; offset: number }[]>();
let formPattern: RegExp | undefined;
let formTest: RegExp | undefined;

/** Masks `value` in every later redaction (resolved `${secret:…}` values, tokens, the client secret). */
export function registerSecret(value: string | undefined): void {
  register(value, MIN_SECRET_LENGTH);
}

function register(value: string | undefined, minLength: number): void {
  if (value === undefined || value.length < minLength || secrets.has(value)) return;
  secrets.add(value);
  for (const form of secretForms(value)) forms.add(form);
  if (value.length >= MIN_ENCODED_LENGTH) {
    for (let offset = 0; offset + FRAGMENT_LENGTH <= value.length; offset++) {
      const piece = value.slice(offset, offset + FRAGMENT_LENGTH);
      const list = pieces.get(piece) ?? [];
      list.push({ secret: value, offset });
      pieces.set(piece, list);
    }
  }
  formPattern = undefined;
  formTest = undefined;
}

/**
 * The literal forms in which `value` can come back from a service that echoes a request: itself,
 * JSON-escaped once and twice (JSON in a JSON string; also with `\uXXXX` for non-ASCII as Python
 * and Jackson write it, and `\/` as PHP does), percent- and form-encoded, and the stable middle
 * of its base64 (standard and URL-safe) at each of the three byte alignments it can have inside a
 * longer encoded string, such as `user:secret` in a Basic Authorization header.
 */
export function secretForms(value: string): string[] {
  const out = new Set<string>([value]);
  for (const once of jsonEscapes(value)) {
    out.add(once);
    for (const twice of jsonEscapes(once)) out.add(twice);
  }
  out.add(encodeURIComponent(value));
  out.add(new URLSearchParams([["", value]]).toString().slice(1));
  if (value.length >= MIN_ENCODED_LENGTH) {
    // Also base64 of the secret as a JSON body holds it (a whole request echoed base64-encoded).
    for (const text of new Set([value, JSON.stringify(value).slice(1, -1)]))
      for (const form of base64Middles(text)) out.add(form);
  }
  return [...out].filter((form) => form.length >= MIN_SECRET_LENGTH);
}

function jsonEscapes(value: string): string[] {
  const plain = JSON.stringify(value).slice(1, -1);
  const hex = (c: string) => (c.codePointAt(0) ?? 0).toString(16).padStart(4, "0");
  const ascii = plain.replace(/[^ -~]/g, (c) => `\\u${hex(c)}`);
  const asciiUpper = plain.replace(/[^ -~]/g, (c) => `\\u${hex(c).toUpperCase()}`);
  const variants = new Set([plain, ascii, asciiUpper]);
  for (const variant of [...variants]) variants.add(variant.replaceAll("/", "\\/"));
  return [...variants];
}

/** The base64 characters that depend on `value`'s bytes only, for 0, 1 and 2 bytes before it. */
function base64Middles(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  const out: string[] = [];
  for (let lead = 0; lead < 3; lead++) {
    const encoded = Buffer.concat([Buffer.alloc(lead), bytes]).toString("base64");
    // Character i holds bits [6i, 6i + 6): keep those inside the value's bits [8·lead, 8·(lead + n)).
    const first = Math.ceil((8 * lead) / 6);
    const end = Math.floor((8 * (lead + bytes.length)) / 6);
    const middle = encoded.slice(first, end);
    if (middle.length < FRAGMENT_LENGTH) continue;
    out.push(middle, middle.replaceAll("+", "-").replaceAll("/", "_"));
  }
  return out;
}

const credentialKeys = new Set([
  "authorization",
  "client_secret",
  "clientsecret",
  "access_token",
  "accesstoken",
  "refresh_token",
  "refreshtoken",
  "id_token",
  "password",
  "securitytoken",
  "secret",
  "token",
  "apikey",
  "api_key",
]);

function isCredentialKey(key: string): boolean {
  return credentialKeys.has(key.toLowerCase().replace(/-/g, "_"));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function registeredPatterns(): { replace: RegExp; test: RegExp } | undefined {
  if (forms.size === 0) return undefined;
  if (formPattern === undefined || formTest === undefined) {
    // Longest first, so that a secret containing another is masked whole.
    const alternatives = [...forms].sort((a, b) => b.length - a.length).map(escapeRegExp);
    formPattern = new RegExp(alternatives.join("|"), "g");
    formTest = new RegExp(alternatives.join("|"));
  }
  return { replace: formPattern, test: formTest };
}

// A run of characters that percent- or form-encoded text is made of. Runs are matched whole (no
// backtracking); only runs with an escape or a `+` are decoded.
const URL_RUN = /[A-Za-z0-9._~!*'()%+\-/:@;,$]+/g;

function percentDecode(text: string): string {
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run.replace(/%([0-9A-Fa-f]{2})/g, (_, code: string) => String.fromCharCode(parseInt(code, 16)));
    }
  });
}

/**
 * Runs that hold a registered secret once percent-decoded (once or twice, `+` read as a space or
 * not): whatever encoder the service used (upper or lower case hex, `/` kept or escaped), the
 * decoded text is the secret.
 */
function maskEncodedRuns(text: string, test: RegExp): string {
  return text.replace(URL_RUN, (run) => {
    if (!run.includes("%") && !run.includes("+")) return run;
    let current = run;
    for (let level = 0; level < 3 && /%[0-9A-Fa-f]{2}|\+/.test(current); level++) {
      const withSpaces = percentDecode(current.replaceAll("+", " "));
      current = percentDecode(current);
      if (test.test(withSpaces) || test.test(current)) return MASK;
    }
    return run;
  });
}

const ELLIPSIS = /…|\.\.\./g;

/**
 * A piece of a long secret (at least FRAGMENT_LENGTH characters) where someone else cut the text:
 * a prefix of it at the end of the text or before an ellipsis, a suffix of it at the start of the
 * text or after an ellipsis (AEP cutting an echoed request short).
 */
function maskCutPieces(text: string): string {
  if (pieces.size === 0 || text.length < FRAGMENT_LENGTH) return text;
  const ranges: [number, number][] = [];
  const ends = [text.length];
  const starts = [0];
  for (const match of text.matchAll(ELLIPSIS)) {
    ends.push(match.index);
    starts.push(match.index + match[0].length);
  }
  for (const end of ends) {
    for (const { secret, offset } of pieces.get(text.slice(end - FRAGMENT_LENGTH, end)) ?? []) {
      const prefix = secret.slice(0, offset + FRAGMENT_LENGTH);
      if (end >= prefix.length && text.startsWith(prefix, end - prefix.length))
        ranges.push([end - prefix.length, end]);
    }
  }
  for (const start of starts) {
    for (const { secret, offset } of pieces.get(text.slice(start, start + FRAGMENT_LENGTH)) ?? []) {
      const suffix = secret.slice(offset);
      if (text.startsWith(suffix, start)) ranges.push([start, start + suffix.length]);
    }
  }
  if (ranges.length === 0) return text;
  ranges.sort((a, b) => b[0] - a[0]);
  let out = text;
  let floor = Number.POSITIVE_INFINITY;
  for (const [from, to] of ranges) {
    if (to > floor) continue;
    out = `${out.slice(0, from)}${MASK}${out.slice(to)}`;
    floor = from;
  }
  return out;
}

/**
 * Masks registered secrets in every form listed by secretForms, percent-encoded in any way, and
 * cut short at the edges; bearer and basic credentials; credential fields of JSON or form text.
 * Works on the whole text: callers cut after redacting, never before.
 */
export function redact(text: string): string {
  let out = text;
  const patterns = registeredPatterns();
  if (patterns !== undefined) {
    out = out.replace(patterns.replace, MASK);
    out = maskEncodedRuns(out, patterns.test);
    out = maskCutPieces(out);
  }
  return out
    .replace(/(Bearer\s+)[^\s"',;]+/gi, `$1${MASK}`)
    .replace(/(authorization["']?\s*[:=]\s*["']?Basic\s+)[A-Za-z0-9+/=_-]+/gi, `$1${MASK}`)
    .replace(/((?:client_secret|access_token|refresh_token|id_token|password)=)[^&\s"']*/gi, `$1${MASK}`)
    .replace(
      /("(?:authorization|client_secret|clientSecret|access_token|accessToken|refresh_token|refreshToken|password|securityToken)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi,
      `$1"${MASK}"`,
    );
}

/**
 * A redacted deep copy of a JSON value: credential keys masked, every value of `auth.params`
 * (and `params` of any object that has `specName`, as a connection's `auth` does) masked, and
 * every string passed through `redact`.
 */
export function redactJson(value: unknown): unknown {
  return redactNode(value, false);
}

function redactNode(value: unknown, maskAll: boolean): unknown {
  if (typeof value === "string") return maskAll ? MASK : redact(value);
  if (value == null || typeof value !== "object") return maskAll && value !== undefined ? MASK : value;
  if (Array.isArray(value)) return value.map((item) => redactNode(item, maskAll));
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(record)) {
    if (maskAll || isCredentialKey(key)) out[key] = item == null ? null : MASK;
    else if (key === "auth" && item != null && typeof item === "object") out[key] = redactAuth(item);
    else if (key === "params" && "specName" in record) out[key] = redactNode(item, true);
    else out[key] = redactNode(item, false);
  }
  return out;
}

function redactAuth(auth: object): unknown {
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(auth)) {
    out[key] = key === "params" ? redactNode(item, true) : redactNode(item, false);
  }
  return out;
}

/** Redacts a request or response body for logging: JSON structurally, forms by field, text by pattern. */
export function redactBody(body: string, contentType: string | undefined): string {
  const type = (contentType ?? "").toLowerCase();
  if (type.includes("x-www-form-urlencoded")) {
    const form = new URLSearchParams(body);
    for (const key of [...form.keys()]) if (isCredentialKey(key)) form.set(key, MASK);
    return redact(form.toString().replaceAll(encodeURIComponent(MASK), MASK));
  }
  const trimmed = body.trimStart();
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      return JSON.stringify(redactJson(JSON.parse(body)));
    } catch {
      // Not JSON after all (a truncated body): fall through to the textual redaction.
    }
  }
  return redact(body);
}

/** Header map with credential headers masked and every value redacted. */
export function redactHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(", ") : value;
    const lower = key.toLowerCase();
    if (lower === "authorization") out[key] = text.startsWith("Bearer ") ? `Bearer ${MASK}` : MASK;
    else if (lower === "cookie" || lower === "set-cookie") out[key] = MASK;
    else out[key] = redact(text);
  }
  return out;
}

/**
 * Registers every string under `auth.params` of a request body (or in the value of a JSON Patch
 * op on `/auth/params…`), so that a service echoing one back in an error is masked too.
 */
export function registerCredentialParams(body: unknown): void {
  if (Array.isArray(body)) {
    for (const op of body) {
      const { path, value } = (op ?? {}) as { path?: unknown; value?: unknown };
      if (path === "/auth") registerStrings((value as { params?: unknown } | undefined)?.params);
      else if (typeof path === "string" && path.startsWith("/auth/params")) registerStrings(value);
      else registerCredentialParams(value);
    }
    return;
  }
  if (body == null || typeof body !== "object") return;
  for (const [key, value] of Object.entries(body)) {
    if (key === "auth" && value != null && typeof value === "object") {
      registerStrings((value as { params?: unknown }).params);
    } else if (typeof value === "object") registerCredentialParams(value);
  }
}

function registerStrings(value: unknown): void {
  if (typeof value === "string") register(value, MIN_GUESSED_LENGTH);
  else if (value != null && typeof value === "object")
    for (const item of Object.values(value)) registerStrings(item);
}
