/**
 * Redaction for everything the client lets out: error messages, error JSON and AEPSYNC_DEBUG
 * lines. Two layers: structural (credential-bearing keys of a JSON body or form are masked
 * whatever their value) and textual (every registered secret is masked wherever it appears).
 */

export const MASK = "***";

// Shorter values would mask ordinary words ("dev", "1.0") all over the output.
const MIN_SECRET_LENGTH = 4;

const secrets = new Set<string>();
let secretPattern: RegExp | undefined;

/** Masks `value` in every later redaction (resolved `${secret:…}` values, tokens, the client secret). */
export function registerSecret(value: string | undefined): void {
  if (value === undefined || value.length < MIN_SECRET_LENGTH || secrets.has(value)) return;
  secrets.add(value);
  // Also the forms a secret takes inside a URL, a form body or a JSON string.
  for (const form of [encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]) {
    if (form.length >= MIN_SECRET_LENGTH) secrets.add(form);
  }
  secretPattern = undefined;
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

function registeredPattern(): RegExp | undefined {
  if (secrets.size === 0) return undefined;
  if (secretPattern === undefined) {
    // Longest first, so that a secret containing another is masked whole.
    const alternatives = [...secrets].sort((a, b) => b.length - a.length).map(escapeRegExp);
    secretPattern = new RegExp(alternatives.join("|"), "g");
  }
  return secretPattern;
}

/** Masks registered secrets, bearer tokens and credential fields of JSON or form text. */
export function redact(text: string): string {
  let out = text;
  const pattern = registeredPattern();
  if (pattern !== undefined) out = out.replace(pattern, MASK);
  return out
    .replace(/(Bearer\s+)[^\s"',;]+/gi, `$1${MASK}`)
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
  if (typeof value === "string") registerSecret(value);
  else if (value != null && typeof value === "object")
    for (const item of Object.values(value)) registerStrings(item);
}
