import { UsageError } from "../errors.ts";
import type { ActionIO } from "./io.ts";

export const commands = ["auto", "plan", "apply", "drift"] as const;
export type Command = (typeof commands)[number];

/** The Action's inputs, read once (docs/architecture.md, "The Action"). */
export interface ActionInputs {
  command: Command;
  /** Manifest files or folders, relative to the workspace. */
  paths: string[];
  /** Environments of aepsync.yaml; undefined = every environment (apply: the unprotected ones). */
  environments: string[] | undefined;
  githubToken: string | undefined;
  comment: boolean;
  requireReviewedPlan: boolean;
  prune: boolean;
  adopt: boolean;
  allowDataLoss: boolean;
  parallelism: number;
  allowProtected: boolean;
  planFile: string;
  /** More environment variables to mask, besides AEP_CLIENT_SECRET and every `${secret:NAME}`. */
  secretEnv: string[];
  /** Only comments by this login are read as plan comments (others could forge a marker). */
  commentAuthor: string;
  driftLabel: string;
}

/** Defaults as action.yml declares them (a test keeps the two equal); the runner fills them in, tests do not. */
export const inputDefaults = {
  command: "auto",
  path: "pipelines",
  environment: "",
  comment: "true",
  "require-reviewed-plan": "true",
  prune: "false",
  adopt: "false",
  "allow-data-loss": "false",
  parallelism: "8",
  "allow-protected": "false",
  "plan-file": "aepsync-plan.json",
  "secret-env": "",
  "comment-author": "github-actions[bot]",
  "drift-label": "aepsync-drift",
} as const;

type DefaultedInput = keyof typeof inputDefaults;

function optional(io: ActionIO, name: string): string | undefined {
  const value = io.getInput(name).trim();
  return value === "" ? undefined : value;
}

function withDefault(io: ActionIO, name: DefaultedInput): string {
  return optional(io, name) ?? inputDefaults[name];
}

function list(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

// The YAML 1.2 core schema booleans, as @actions/core's getBooleanInput accepts them.
const trueValues = ["true", "True", "TRUE"];
const falseValues = ["false", "False", "FALSE"];

function boolean(io: ActionIO, name: DefaultedInput): boolean {
  const value = withDefault(io, name);
  if (trueValues.includes(value)) return true;
  if (falseValues.includes(value)) return false;
  throw new UsageError(`input '${name}' must be true or false, got '${value}'`);
}

export function readInputs(io: ActionIO): ActionInputs {
  const command = withDefault(io, "command");
  if (!(commands as readonly string[]).includes(command)) {
    throw new UsageError(`input 'command' must be one of ${commands.join(", ")}, got '${command}'`);
  }
  const parallelismText = withDefault(io, "parallelism");
  const parallelism = Number(parallelismText);
  if (!Number.isInteger(parallelism) || parallelism < 1 || parallelism > 64) {
    throw new UsageError(`input 'parallelism' must be an integer from 1 to 64, got '${parallelismText}'`);
  }
  const environments = list(optional(io, "environment"));
  const paths = list(withDefault(io, "path"));
  const secretEnv = list(optional(io, "secret-env"));
  for (const name of secretEnv) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw new UsageError(`input 'secret-env' must list environment variable names, got '${name}'`);
    }
  }
  return {
    command: command as Command,
    paths: paths.length === 0 ? [inputDefaults.path] : paths,
    environments: environments.length === 0 ? undefined : environments,
    githubToken: optional(io, "github-token"),
    comment: boolean(io, "comment"),
    requireReviewedPlan: boolean(io, "require-reviewed-plan"),
    prune: boolean(io, "prune"),
    adopt: boolean(io, "adopt"),
    allowDataLoss: boolean(io, "allow-data-loss"),
    parallelism,
    allowProtected: boolean(io, "allow-protected"),
    planFile: withDefault(io, "plan-file"),
    secretEnv,
    commentAuthor: withDefault(io, "comment-author"),
    driftLabel: withDefault(io, "drift-label"),
  };
}
