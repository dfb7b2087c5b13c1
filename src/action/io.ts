import * as core from "@actions/core";

export interface AnnotationProperties {
  title?: string;
  file?: string;
  startLine?: number;
  startColumn?: number;
}

/**
 * What the Action touches of the runner: @actions/core behind an interface, so tests pass a fake
 * (docs/architecture.md, "The Action").
 */
export interface ActionIO {
  /** The raw input, '' when unset (as core.getInput). */
  getInput(name: string): string;
  setOutput(name: string, value: string): void;
  setSecret(value: string): void;
  info(message: string): void;
  warning(message: string, properties?: AnnotationProperties): void;
  error(message: string, properties?: AnnotationProperties): void;
  /** Appends Markdown to the job summary. */
  writeSummary(markdown: string): Promise<void>;
  setFailed(message: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The workspace: manifests, aepsync.yaml and the plan file are relative to it. */
  readonly cwd: string;
}

/** The real runner, through @actions/core (the only place it is imported). */
export function createCoreIO(): ActionIO {
  return {
    getInput: (name) => core.getInput(name),
    setOutput: (name, value) => core.setOutput(name, value),
    setSecret: (value) => core.setSecret(value),
    info: (message) => core.info(message),
    warning: (message, properties) => core.warning(message, properties),
    error: (message, properties) => core.error(message, properties),
    writeSummary: async (markdown) => {
      await core.summary.addRaw(markdown, true).write();
    },
    setFailed: (message) => core.setFailed(message),
    env: process.env,
    cwd: process.cwd(),
  };
}
