import { ErrorCodes, SyncError } from "../errors.ts";
import type { ErrorCode } from "../errors.ts";
import { redact } from "./redact.ts";

export type AepErrorCode = Extract<ErrorCode, "E_HTTP" | "E_CONFLICT" | "E_AUTH" | "E_NETWORK">;

export interface AepErrorDetails {
  code: AepErrorCode;
  method: string;
  /** Path under `/data/foundation` (`/flowservice/flows/abc`), or `/ims/token/v3`; never a query. */
  path: string;
  status?: number | undefined;
  statusText?: string | undefined;
  /** AEP's own code: gateway `error_code`, Flow Service `code` (`1404-412`), registry `XDM-…`. */
  aepCode?: string | undefined;
  aepMessage?: string | undefined;
  requestId?: string | undefined;
  /** A write that may or may not have been applied: settle it by reading before anything else. */
  ambiguous?: boolean | undefined;
  /** Extra text after the status (the network error, a hint about which setting to check). */
  detail?: string | undefined;
  cause?: unknown;
}

/** Every failure of a call to AEP or IMS. Fields and message are redacted. */
export class AepError extends SyncError {
  declare readonly code: AepErrorCode;
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly aepCode: string | undefined;
  readonly aepMessage: string | undefined;
  readonly requestId: string | undefined;
  readonly ambiguous: boolean;
  /**
   * AEP refused because the object is still changing (an asynchronous operation runs, a deleted
   * flow still finalizes, a connection is initializing): wait until it settles, then retry.
   */
  readonly busy: boolean;

  constructor(details: AepErrorDetails) {
    super(details.code, formatMessage(details), { cause: details.cause });
    this.name = "AepError";
    this.method = details.method;
    this.path = redact(details.path);
    this.status = details.status;
    // Redacted whole, then cut: a cut first could leave a secret's prefix that no pattern matches.
    this.aepCode = details.aepCode === undefined ? undefined : truncate(redact(details.aepCode), MAX_FIELD);
    this.aepMessage =
      details.aepMessage === undefined ? undefined : truncate(redact(details.aepMessage), MAX_FIELD);
    this.requestId = details.requestId;
    this.ambiguous = details.ambiguous ?? false;
    this.busy = isBusyRefusal(details.status, details.aepCode, details.aepMessage);
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      method: this.method,
      path: this.path,
      status: this.status,
      aepCode: this.aepCode,
      aepMessage: this.aepMessage,
      requestId: this.requestId,
      ambiguous: this.ambiguous,
      busy: this.busy,
    };
  }
}

/** A 412 on an `If-Match` write: the object changed since it was read. Never retried. */
export class AepConflictError extends AepError {
  constructor(details: Omit<AepErrorDetails, "code">) {
    super({ ...details, code: ErrorCodes.conflict });
    this.name = "AepConflictError";
  }
}

// Flow Service refusals while an operation runs (help/sources/errors/flow-service-errors.md): 1416
// (update or delete outside enabled/disabled/initializing), 1420 (disabling), 1421 (updating),
// 1457/1458 (delete-finalizing), 1447 (a flow still holds the connection), 1418 (a base connection
// still used), and a base connection still initializing. The body may not carry the code, so the
// message is read too.
const BUSY_CODES = /^14(16|18|20|21|47|57|58)\b/;
const BUSY_MESSAGES =
  /cannot be (updated|transitioned)|can only be applied on .*state|delete-finalizing|found active flows|is being used in one or more flows|still initializing|current state (inprogress|in progress|updating|enabling|disabling|initializing|deleting)/i;

export function isBusyRefusal(
  status: number | undefined,
  aepCode: string | undefined,
  aepMessage: string | undefined,
): boolean {
  if (status !== 400 && status !== 409) return false;
  return (
    (aepCode !== undefined && BUSY_CODES.test(aepCode)) ||
    (aepMessage !== undefined && BUSY_MESSAGES.test(aepMessage))
  );
}

function formatMessage(d: AepErrorDetails): string {
  let text = `[${d.method}] ${d.path}:`;
  if (d.status !== undefined) text += ` ${d.status}${d.statusText ? ` ${d.statusText}` : ""}`;
  const aep = [d.aepCode, d.aepMessage].filter((part) => part !== undefined && part !== "").join(": ");
  if (aep !== "") text += ` (${truncate(redact(aep), MAX_MESSAGE)})`;
  if (d.detail !== undefined) text += ` ${d.detail}`;
  if (d.ambiguous === true) text += " (the write may have been applied)";
  if (d.requestId !== undefined) text += ` request-id=${d.requestId}`;
  return redact(text);
}

/** AEP's code and message in an error message, and in the error's fields (cut after redaction). */
const MAX_MESSAGE = 300;
const MAX_FIELD = 2000;

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * AEP's code and message out of the three error body shapes (help/landing/troubleshooting.md for the
 * gateway's and Flow Service's, vendor/openapi/schema-registry.yaml errorBasic for the registry's).
 */
export function parseErrorBody(body: unknown): { aepCode?: string; aepMessage?: string } {
  if (body == null || typeof body !== "object" || Array.isArray(body)) {
    // Whole: AepError redacts it before any cut.
    return typeof body === "string" && body.trim() !== "" ? { aepMessage: body.trim() } : {};
  }
  const b = body as Record<string, unknown>;
  const text = (value: unknown): string | undefined =>
    typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
  // Gateway: {error_code, message}
  if (b.error_code !== undefined) {
    return compact({ aepCode: text(b.error_code), aepMessage: text(b.message) });
  }
  // Flow Service: {errorMessage, errorDetails, code?}; the code is not guaranteed (UNCONFIRMED:
  // docs/aep-notes.md, "Error bodies").
  if (b.errorMessage !== undefined || b.errorDetails !== undefined) {
    return compact({ aepCode: text(b.code), aepMessage: text(b.errorMessage) ?? text(b.errorDetails) });
  }
  // Schema Registry: {type: ".../XDM-1012-404", title, status, detail, report}
  if (b.title !== undefined || b.detail !== undefined) {
    const type = text(b.type);
    const code = type?.split("/").pop();
    const report = b.report as Record<string, unknown> | undefined;
    const detailed = report === undefined ? undefined : text(report["detailed-message"]);
    return compact({ aepCode: code, aepMessage: text(b.detail) ?? detailed ?? text(b.title) });
  }
  // Catalog and Data Prep bodies are undocumented; take the usual fields.
  return compact({
    aepCode: text(b.code) ?? text(b.error),
    aepMessage: text(b.message) ?? text(b.error_description) ?? text(b.title),
  });
}

function compact<T extends Record<string, string | undefined>>(obj: T): { [K in keyof T]?: string } {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(obj)) if (value !== undefined && value !== "") out[key] = value;
  return out;
}
