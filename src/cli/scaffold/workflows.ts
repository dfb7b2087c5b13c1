/**
 * The GitHub workflows `aepsync init` writes, and this repository's own (scripts/gen-workflows.ts
 * writes them from the same templates, and a test keeps them equal): one reusable workflow that holds
 * the job (checkout, the Action, the credentials, written once) and three short callers.
 *
 * The trust model: a pull request's plan runs the pull request's code, so its job reads a GitHub
 * environment of its own holding read-only AEP credentials and no connector secrets. Apply jobs read
 * environments limited to the default branch, which hold the write credentials and connector secrets.
 * No job passes repository secrets on (`secrets: inherit`): what a job can read is its environment's.
 */

/** A `${env:NAME}` (a GitHub variable) or `${secret:NAME}` (a GitHub secret) the manifests reference. */
export interface EnvReference {
  readonly name: string;
  readonly scheme: "env" | "secret";
}

export interface WorkflowOptions {
  /** `uses:` of the aepsync Action: `./` in its own repository, `aepsync/aepsync@v1` elsewhere. */
  readonly action: string;
  /** Every reference of the manifests, each becoming one line of the job's `env:`. */
  readonly references: readonly EnvReference[];
}

/** GitHub environments the callers name; the README says what each holds. */
export const githubEnvironments = {
  plan: "aep-plan-readonly",
  dev: "aep-dev",
  prod: "aep-prod",
} as const;

// Third-party actions, pinned by commit: a tag can be moved to other code, a commit cannot.
export const pinnedActions = {
  checkout: "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1",
  uploadArtifact: "actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f # v7.0.0",
} as const;

export const reusableWorkflowPath = ".github/workflows/aepsync.yml";

/** The four workflow files, path → content. */
export function renderWorkflows(options: WorkflowOptions): Record<string, string> {
  return {
    [reusableWorkflowPath]: renderReusable(options),
    ".github/workflows/plan.yml": plan,
    ".github/workflows/apply.yml": apply,
    ".github/workflows/drift.yml": drift,
  };
}

/** The `env:` lines of the Action's step for the manifests' references (variables first, then secrets). */
export function envLines(references: readonly EnvReference[], indent: string): string[] {
  const sorted = [...references].sort(
    (a, b) => (a.scheme === b.scheme ? 0 : a.scheme === "env" ? -1 : 1) || (a.name < b.name ? -1 : 1),
  );
  return sorted.map(
    (r) => `${indent}${r.name}: \${{ ${r.scheme === "secret" ? "secrets" : "vars"}.${r.name} }}`,
  );
}

function renderReusable({ action, references }: WorkflowOptions): string {
  const actionComment =
    action === "./"
      ? ""
      : `        # Pin it to the commit of a release, as the other actions are (the release notes give it).\n`;
  const connectorLines = envLines(references, "          ");
  const connectorBlock =
    connectorLines.length === 0
      ? ""
      : `          # Every \${env:NAME} (a variable) and \${secret:NAME} (a secret) of the manifests:\n${connectorLines.join("\n")}\n`;
  return `# The job behind plan.yml, apply.yml and drift.yml: the checkout, the aepsync Action and the
# credentials, written once. Add a line to the Action's env: for every new \${env:NAME} (a GitHub
# variable) or \${secret:NAME} (a GitHub secret) of the manifests.
#
# Secrets come from the GitHub environment the caller names (callers pass no repository secrets):
# ${githubEnvironments.plan} (pull-request plans, which run the pull request's code) holds read-only AEP
# credentials and no connector secrets; ${githubEnvironments.dev} and ${githubEnvironments.prod}, limited to the default branch, hold
# the write credentials and the connector secrets. The callers set the token's permissions.
name: aepsync

on:
  workflow_call:
    inputs:
      command:
        description: plan, apply or drift.
        type: string
        required: true
      environment:
        description: Environments of aepsync.yaml (comma-separated); empty for every one.
        type: string
        default: ""
      github-environment:
        description: The GitHub environment whose secrets this job reads.
        type: string
        required: true
      allow-protected:
        description: Allow apply to environments marked protected in aepsync.yaml.
        type: boolean
        default: false
    outputs:
      has-changes:
        description: "true when a plan has changes (for drift: live state differs from Git)."
        value: \${{ jobs.aepsync.outputs.has-changes }}
      plan-digest:
        description: The plan_digest (several environments give a JSON object environment → digest).
        value: \${{ jobs.aepsync.outputs.plan-digest }}

jobs:
  aepsync:
    runs-on: ubuntu-24.04
    environment: \${{ inputs.github-environment }}
    timeout-minutes: 60
    outputs:
      has-changes: \${{ steps.aepsync.outputs.has-changes }}
      plan-digest: \${{ steps.aepsync.outputs.plan-digest }}
    steps:
      - uses: ${pinnedActions.checkout}
        with:
          persist-credentials: false
      - id: aepsync
${actionComment}        uses: ${action}
        with:
          command: \${{ inputs.command }}
          environment: \${{ inputs.environment }}
          allow-protected: \${{ inputs.allow-protected }}
        # Only this step sees the credentials. Pull requests from forks get no secrets: the Action then
        # says it cannot plan, without failing.
        env:
          AEP_CLIENT_ID: \${{ secrets.AEP_CLIENT_ID }}
          AEP_CLIENT_SECRET: \${{ secrets.AEP_CLIENT_SECRET }}
          AEP_ORG_ID: \${{ secrets.AEP_ORG_ID }}
          AEPSYNC_FINGERPRINT_KEY: \${{ secrets.AEPSYNC_FINGERPRINT_KEY }}
${connectorBlock}      - uses: ${pinnedActions.uploadArtifact}
        if: always() && steps.aepsync.outputs.plan-file != ''
        with:
          name: aepsync-\${{ inputs.command }}-\${{ inputs.environment || 'all' }}-\${{ github.run_id }}-\${{ github.run_attempt }}
          path: \${{ steps.aepsync.outputs.plan-file }}
          if-no-files-found: ignore
`;
}

const paths = `    paths:
      - "pipelines/**"
      - aepsync.yaml`;

const plan = `# Plan on every pull request that touches the manifests: one sticky comment per sandbox, the job
# summary, and the JSON plan as an artifact.
name: aepsync plan

on:
  pull_request:
${paths}

# Least privilege: read the code, write the plan comment.
permissions:
  contents: read
  pull-requests: write

# A newer push makes the running plan pointless.
concurrency:
  group: aepsync-plan-\${{ github.event.pull_request.number }}
  cancel-in-progress: true

jobs:
  plan:
    uses: ./${reusableWorkflowPath}
    with:
      command: plan
      # This job runs the pull request's code: read-only AEP credentials and no connector secrets
      # (a rotated connector secret is then checked at apply).
      github-environment: ${githubEnvironments.plan}
`;

const apply = `# Apply on merge: the Action re-plans and applies only what the merged pull request's plan comment
# showed (require-reviewed-plan). A manual run applies without that check: the override.
name: aepsync apply

on:
  push:
    branches: [main]
${paths}
  workflow_dispatch:
    inputs:
      environment:
        description: Environment of aepsync.yaml to apply
        type: choice
        options: [dev, prod]
        default: dev

# Read the code, post the apply result back to the pull request.
permissions:
  contents: read
  pull-requests: write

jobs:
  dev:
    if: github.event_name == 'push' || inputs.environment == 'dev'
    # Applies to one sandbox run one at a time, and a running apply is never cancelled.
    concurrency:
      group: aepsync-apply-dev
      cancel-in-progress: false
    uses: ./${reusableWorkflowPath}
    with:
      command: apply
      environment: dev
      # Write credentials, limited to the default branch.
      github-environment: ${githubEnvironments.dev}

  prod:
    needs: dev
    if: >-
      always() &&
      ((github.event_name == 'push' && needs.dev.result == 'success') || inputs.environment == 'prod')
    concurrency:
      group: aepsync-apply-prod
      cancel-in-progress: false
    uses: ./${reusableWorkflowPath}
    with:
      command: apply
      environment: prod
      allow-protected: true
      # Write credentials, limited to the default branch, behind required reviewers.
      github-environment: ${githubEnvironments.prod}
`;

const drift = `# Scheduled drift check: plans every environment with \`command: drift\`, keeps ONE issue labelled
# aepsync-drift open while live state differs from Git, and closes it when it no longer does.
name: aepsync drift

on:
  schedule:
    - cron: "17 6 * * 1-5"
  workflow_dispatch:

permissions:
  contents: read
  issues: write

concurrency:
  group: aepsync-drift
  cancel-in-progress: true

jobs:
  drift:
    uses: ./${reusableWorkflowPath}
    with:
      command: drift
      # Reading is enough to compare (a rotated connector secret is checked at apply).
      github-environment: ${githubEnvironments.plan}
`;
