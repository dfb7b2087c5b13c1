// Writes this repository's .github/workflows/{aepsync,plan,apply,drift}.yml from the templates that
// `aepsync init` uses (src/cli/scaffold/workflows.ts), with the Action as `./` and one env: line per
// ${env:NAME}/${secret:NAME} of pipelines/. test/action/workflows.test.ts fails when they differ.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { renderWorkflows, type EnvReference } from "../src/cli/scaffold/workflows.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Every `${env:NAME}` and `${secret:NAME}` of the manifests under `dir`, each name once. */
export async function collectReferences(dir = join(root, "pipelines")): Promise<EnvReference[]> {
  const found = new Map<string, EnvReference["scheme"]>();
  const files = (await readdir(dir, { recursive: true })).filter((f) => /\.ya?ml$/.test(f)).sort();
  for (const file of files) {
    const text = await readFile(join(dir, file), "utf8");
    for (const [, scheme, name] of text.matchAll(/\$\{(env|secret):([A-Za-z_][A-Za-z0-9_]*)\}/g))
      found.set(name!, scheme as EnvReference["scheme"]);
  }
  return [...found].map(([name, scheme]) => ({ name, scheme }));
}

export async function repositoryWorkflows(): Promise<Record<string, string>> {
  return renderWorkflows({ action: "./", references: await collectReferences() });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [path, content] of Object.entries(await repositoryWorkflows()))
    await writeFile(join(root, path), content);
}
