import js from "@eslint/js";
import tseslint from "typescript-eslint";
import n from "eslint-plugin-n";
import vitest from "@vitest/eslint-plugin";

// The direction of imports between the folders of src/ (docs/architecture.md, "Layout"):
// model ← kinds ← planner, apply ← engine ← cli, action; aep implements apply's store port;
// the emulator stands apart (data/ and errors.ts only). Each folder lists what it must not import.
const folders = [
  "model",
  "kinds",
  "planner",
  "apply",
  "engine",
  "aep",
  "render",
  "export",
  "cli",
  "action",
  "emulator",
  "manifest",
  "schema",
  "data",
];
const others = (...allowed) => folders.filter((f) => !allowed.includes(f));
const fences = {
  model: { allow: [], pure: true },
  data: { allow: [], pure: true },
  schema: { allow: ["model", "data"], pure: true },
  manifest: { allow: ["model", "schema", "data"] },
  kinds: { allow: ["model", "manifest", "schema", "data"], pure: true },
  planner: { allow: ["model", "kinds", "manifest", "schema", "data"], pure: true },
  apply: { allow: ["model", "kinds"], pure: true },
  render: { allow: ["model", "kinds", "data"], pure: true },
  export: { allow: ["model", "kinds", "manifest", "schema", "data"], pure: true },
  aep: { allow: ["model", "kinds", "apply", "data"] },
  engine: { allow: others("cli", "action", "render") },
  emulator: { allow: ["data"] },
  cli: { allow: others("action") },
  action: { allow: others("cli", "emulator", "export") },
};
// Pure files outside the pure folders.
const pureFiles = ["src/manifest/parse.ts", "src/manifest/rules.ts"];
const ioImports = ["node:*", "undici", "@actions/*", "@octokit/*"];

function importFences() {
  return Object.entries(fences).flatMap(([folder, { allow, pure }]) => {
    const denied = folders.filter((f) => f !== folder && !allow.includes(f));
    const patterns = [
      ...(denied.length > 0
        ? [
            {
              group: denied.map((f) => `**/${f}/**`),
              message: `src/${folder} must not import these folders (docs/architecture.md, "Layout").`,
            },
          ]
        : []),
      ...(folder !== "action"
        ? [{ group: ["@actions/*", "@octokit/*"], message: "GitHub libraries only under src/action/." }]
        : []),
      ...(folder !== "aep" ? [{ group: ["undici"], message: "undici only under src/aep/." }] : []),
    ];
    const purePatterns = [
      { group: ioImports, message: 'This module is pure: no I/O imports (docs/architecture.md, "Layout").' },
    ];
    const configs = [
      { files: [`src/${folder}/**`], rules: { "no-restricted-imports": ["error", { patterns }] } },
    ];
    if (pure) configs.push(pureConfig([`src/${folder}/**`], [...patterns, ...purePatterns]));
    if (folder === "manifest") configs.push(pureConfig(pureFiles, [...patterns, ...purePatterns]));
    return configs;
  });
}

function pureConfig(files, patterns) {
  return {
    files,
    rules: {
      "no-restricted-imports": ["error", { patterns }],
      "no-restricted-globals": ["error", { name: "process", message: "Pure module: pass values in." }],
    },
  };
}

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "lib/",
      "dist/",
      "coverage/",
      "src/schema/generated/",
      "src/data/generated/",
      "test/fixtures/",
      ".aepsync/",
      "eslint.config.js",
      "bin/",
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { n },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/switch-exhaustiveness-check": "error",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
      "@typescript-eslint/restrict-template-expressions": [
        "error",
        { allowNumber: true, allowBoolean: true },
      ],
      eqeqeq: ["error", "always", { null: "ignore" }],
      "n/prefer-node-protocol": "error",
      "no-restricted-syntax": [
        "error",
        { selector: "ExportDefaultDeclaration", message: "Use named exports." },
      ],
    },
  },
  ...importFences(),
  {
    files: ["test/**"],
    plugins: { vitest },
    rules: {
      ...vitest.configs.recommended.rules,
      "vitest/valid-expect": ["error", { maxArgs: 2 }],
      "vitest/expect-expect": ["error", { assertFunctionNames: ["expect", "expect*", "fails"] }],
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    files: ["vitest.config.ts"],
    rules: { "no-restricted-syntax": "off" },
  },
);
