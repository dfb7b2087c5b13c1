import js from "@eslint/js";
import tseslint from "typescript-eslint";
import n from "eslint-plugin-n";
import vitest from "@vitest/eslint-plugin";

const pure = [
  "src/schema/**",
  "src/manifest/parse.ts",
  "src/manifest/rules.ts",
  "src/planner/**",
  "src/render/**",
];

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
  {
    files: ["src/**"],
    ignores: ["src/action/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@actions/*"], message: "@actions/* only under src/action/." }] },
      ],
    },
  },
  {
    files: pure,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["node:*", "undici", "@actions/*"],
              message: "This module is pure: no I/O imports (STYLE.md 3.2).",
            },
          ],
        },
      ],
      "no-restricted-globals": ["error", { name: "process", message: "Pure module: pass values in." }],
    },
  },
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
