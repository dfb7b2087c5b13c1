import type { RunDiagnostic } from "../engine/index.ts";
import { code, escapeMarkdown, preformatted } from "../render/index.ts";
import type { IssueComment } from "./github.ts";
import { formatApplyMarker, formatPlanMarker, parseApplyMarker, parsePlanMarker } from "./pr-marker.ts";
import type { ApplyMarker, PlanMarker } from "./pr-marker.ts";
import type { Session, Target } from "./session.ts";

/** A comment the Action wrote earlier (by its author), with its marker. */
export interface PlanComment {
  comment: IssueComment;
  marker: PlanMarker;
}

/** Only the bot's own comments carry markers: anyone else could write one. */
function trusted(session: Session, comment: IssueComment): boolean {
  return comment.user?.login === session.inputs.commentAuthor;
}

/** The sticky plan comment of a sandbox on a pull request, found by its hidden marker. */
export async function findPlanComment(
  session: Session,
  pull: number,
  sandbox: string,
): Promise<PlanComment | undefined> {
  for (const comment of await session.comments(pull)) {
    if (!trusted(session, comment)) continue;
    const marker = parsePlanMarker(comment.body);
    if (marker?.sandbox === sandbox) return { comment, marker };
  }
  return undefined;
}

export async function findApplyMarkers(
  session: Session,
  pull: number,
  sandbox: string,
): Promise<ApplyMarker[]> {
  const markers: ApplyMarker[] = [];
  for (const comment of await session.comments(pull)) {
    if (!trusted(session, comment)) continue;
    const marker = parseApplyMarker(comment.body);
    if (marker?.sandbox === sandbox) markers.push(marker);
  }
  return markers;
}

/** Updates the sandbox's comment in place, or creates it; returns what was done. */
export async function upsertPlanComment(
  session: Session,
  pull: number,
  sandbox: string,
  body: string,
  createIfMissing: boolean,
): Promise<"created" | "updated" | "unchanged" | "skipped"> {
  const github = session.github;
  if (github === undefined) return "skipped";
  const existing = await findPlanComment(session, pull, sandbox);
  const text = session.scrub(body);
  if (existing !== undefined) {
    if (existing.comment.body === text) return "unchanged";
    session.remember(pull, await github.updateIssueComment(existing.comment.id, text));
    return "updated";
  }
  if (!createIfMissing) return "skipped";
  session.remember(pull, await github.createIssueComment(pull, text));
  return "created";
}

export async function postComment(session: Session, issue: number, body: string): Promise<void> {
  if (session.github === undefined) return;
  session.remember(issue, await session.github.createIssueComment(issue, session.scrub(body)));
}

function titleOf(target: Target): string {
  const env = target.environment === undefined ? "" : ` ${code(target.environment)}`;
  return `### aepsync plan:${env} (sandbox ${code(target.sandbox)})`;
}

function markerFor(target: Target, head: string, status: PlanMarker["status"]): string {
  const marker: PlanMarker = { sandbox: target.sandbox, head, digest: "", status };
  if (target.environment !== undefined) marker.environment = target.environment;
  return formatPlanMarker(marker);
}

function footer(head: string, runLink: string | undefined): string {
  return `<sub>aepsync · commit ${code(head)}${runLink === undefined ? "" : ` · ${runLink}`}</sub>`;
}

const MAX_LISTED_DIAGNOSTICS = 50;

/** The comment when manifests are invalid: nothing was planned, so nothing can be applied from it. */
export function invalidBody(
  target: Target,
  head: string,
  diagnostics: readonly RunDiagnostic[],
  runLink: string | undefined,
): string {
  const errors = diagnostics.filter((d) => d.severity === "error");
  const lines = errors
    .slice(0, MAX_LISTED_DIAGNOSTICS)
    .map((d) => `- ${code(`${d.file}:${d.line}:${d.column}`)} ${escapeMarkdown(d.message)}`);
  if (errors.length > MAX_LISTED_DIAGNOSTICS)
    lines.push(`- … ${errors.length - MAX_LISTED_DIAGNOSTICS} more`);
  return [
    markerFor(target, head, "invalid"),
    titleOf(target),
    `> [!CAUTION]\n> **The manifests are invalid** (${errors.length} error${errors.length === 1 ? "" : "s"}): nothing was planned. The annotations on the changed files say where.`,
    lines.join("\n"),
    footer(head, runLink),
  ]
    .filter((block) => block !== "")
    .join("\n\n");
}

export function noCredentialsBody(
  target: Target,
  head: string,
  missing: readonly string[],
  fromFork: boolean,
  runLink: string | undefined,
): string {
  const why = fromFork
    ? "Pull requests from forks do not receive the repository's secrets."
    : "Set them as repository or environment secrets and pass them in the job's `env`.";
  return [
    markerFor(target, head, "unavailable"),
    titleOf(target),
    `> [!WARNING]\n> **Cannot plan without credentials**: ${missing.map((m) => code(m)).join(", ")} ${missing.length === 1 ? "is" : "are"} not set. ${why} The manifests were checked; the plan will be made after the merge, or when a maintainer pushes the branch to this repository.`,
    footer(head, runLink),
  ].join("\n\n");
}

export function errorBody(
  target: Target,
  head: string,
  message: string,
  runLink: string | undefined,
): string {
  return [
    markerFor(target, head, "unavailable"),
    titleOf(target),
    `> [!CAUTION]\n> **The plan failed**: ${escapeMarkdown(message)}`,
    footer(head, runLink),
  ].join("\n\n");
}

/** Past this, a refusal's explanation is cut (its whole text is in the job's log). */
const MAX_EXPLANATION_LENGTH = 50_000;

/**
 * Posted to a merged pull request when its apply is refused (the marker says failed: its changes stay
 * eligible). The explanation holds values from AEP and the manifests: it is shown preformatted and
 * escaped, so none of it can close its block, mention anyone or pass for a marker.
 */
export function refusalBody(
  target: Target,
  sha: string,
  digest: string,
  explanation: string,
  runLink: string | undefined,
): string {
  const marker: ApplyMarker = { sandbox: target.sandbox, sha, digest, status: "failed" };
  if (target.environment !== undefined) marker.environment = target.environment;
  const env = target.environment === undefined ? "" : ` ${code(target.environment)}`;
  const text =
    explanation.length > MAX_EXPLANATION_LENGTH
      ? `${explanation.slice(0, MAX_EXPLANATION_LENGTH)}\n…`
      : explanation;
  return [
    formatApplyMarker(marker),
    `### aepsync apply:${env} (sandbox ${code(target.sandbox)}) ⛔ refused`,
    preformatted(text),
    footer(sha, runLink),
  ].join("\n\n");
}
