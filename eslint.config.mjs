// ESLint 9 flat config: typescript-eslint (type-aware), Next's rules, and the layer rules of the
// README's Architecture section as import restrictions per folder, plus no import cycles.
// tests/unit/layer-rules.test.ts lints a deliberate violation of each rule to prove it fires.
import js from "@eslint/js";
import nextPlugin from "@next/eslint-plugin-next";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import { importX } from "eslint-plugin-import-x";
import { defineConfig } from "eslint/config";
import globals from "globals";
import tseslint from "typescript-eslint";
import layers from "./lint-rules/no-folder-cycle.mjs";

const USE_CASES = ["checkout", "subscriptions", "admin", "reconciliation", "notices"];
const ABOVE_DB = [...USE_CASES, "payments", "server", "auth"];
const DRIVERS = "^(@prisma/|(prisma|pg|better-sqlite3)(/|$))";

/** One block per folder: in flat config a later block's options replace an earlier block's. */
function layer(name, files, patterns, paths = []) {
  return {
    name: `layers/${name}`,
    files,
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns, paths }] },
  };
}

export default defineConfig(
  {
    name: "ignores",
    ignores: [
      "lib/db/generated/**",
      "prisma/*/migrations/**",
      ".next/**",
      "next-env.d.ts",
      "tests/.tmp/**",
      "test-results/**",
      "playwright-report/**",
      "coverage/**",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    name: "project",
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Unused arguments and caught errors are often kept for a signature; `_` marks them.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      // An async function without await is how we implement Promise-returning interfaces.
      "@typescript-eslint/require-await": "off",
      // Passing on a caught `unknown` (or an AbortSignal's reason) is re-throwing, not a new throw.
      "@typescript-eslint/only-throw-error": [
        "error",
        { allowThrowingAny: true, allowThrowingUnknown: true },
      ],
      "@typescript-eslint/prefer-promise-reject-errors": [
        "error",
        { allowThrowingAny: true, allowThrowingUnknown: true },
      ],
      // React accepts async event handlers (onClick, onSubmit); it ignores the returned promise.
      "@typescript-eslint/no-misused-promises": [
        "error",
        { checksVoidReturn: { attributes: false } },
      ],
    },
  },
  {
    // Tests read raw JSON bodies (sandbox, HTTP) on purpose and assert on their fields.
    name: "tests",
    files: ["tests/**"],
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  {
    // Proxies over Prisma's driver adapters forward whatever member is asked for (Reflect.get)
    // and hand out `connect` already bound.
    name: "driver-adapter-proxies",
    files: ["lib/db/client.ts"],
    rules: {
      "@typescript-eslint/unbound-method": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
  { ...tseslint.configs.disableTypeChecked, files: ["**/*.mjs", "**/*.cjs", "**/*.js"] },
  {
    ...nextPlugin.configs["core-web-vitals"],
    files: ["app/**/*.{ts,tsx}", "proxy.ts"],
    settings: { next: { rootDir: import.meta.dirname } },
  },
  {
    name: "no-cycle",
    files: ["app/**/*.{ts,tsx}", "lib/**/*.{ts,tsx}", "proxy.ts"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] },
  },
  {
    // import-x/no-cycle is per file and skips `import type`; use-case folders must not form a
    // cycle at all (lib/checkout ↔ lib/subscriptions is being untangled).
    name: "no-folder-cycle",
    files: USE_CASES.map((folder) => `lib/${folder}/**`),
    plugins: { layers },
    rules: { "layers/no-folder-cycle": ["error", { folders: USE_CASES.map((f) => `lib/${f}`) }] },
  },

  layer(
    "billing",
    ["lib/billing/**"],
    [
      {
        // lib/errors (the one application error, itself importing nothing) is below the domain.
        regex: "^(@/(?!lib/errors/)|\\.\\./)",
        message: "lib/billing is the pure domain: it imports nothing of the app but lib/errors.",
      },
      {
        regex: `${DRIVERS}|^next(/|$)`,
        message: "lib/billing imports no framework, ORM or driver.",
      },
    ],
  ),
  layer(
    "errors",
    ["lib/errors/**"],
    [
      {
        regex: "^(@/|\\.\\./)",
        message: "lib/errors is the lowest layer: it imports nothing of the app.",
      },
    ],
  ),
  layer(
    "db",
    ["lib/db/**"],
    [
      {
        regex: `^(@/lib/|(\\.\\./)+)(${ABOVE_DB.join("|")})(/|$)`,
        message:
          "lib/db is below the use cases: move the shared piece down (lib/billing or lib/db).",
      },
      { regex: "^next(/|$)", message: "lib/db knows nothing of Next.js." },
    ],
  ),
  layer(
    // Provider clients stand in for (or talk to) an external system only.
    "provider-clients",
    ["lib/linepay/**", "lib/sinopac/**"],
    [
      {
        regex: "^(@/|\\.\\./)",
        message: "Provider clients import nothing from the app (only their own folder).",
      },
    ],
  ),
  layer(
    // Local emulators too; lib/brand (the design tokens and the emulators' page shell, itself
    // importing nothing of the app) is the one neighbour they share with the shop.
    "emulators",
    ["lib/*-sandbox/**", "lib/*-emulator/**"],
    [
      {
        regex: "^(@/|\\.\\./(?!brand/[\\w.-]+$))",
        message: "Emulators import nothing from the app (only their own folder and ../brand/).",
      },
    ],
  ),
  layer(
    "brand",
    ["lib/brand/**"],
    [
      {
        regex: "^(@/|\\.\\./)",
        message: "lib/brand is shared by the app and the emulators: it imports nothing of either.",
      },
    ],
  ),
  layer(
    "app",
    ["app/**"],
    [
      { regex: DRIVERS, message: "app/ reaches the database only through lib/ (repositories)." },
      {
        regex: "^@/lib/db/generated(/|$)",
        message: "app/ never sees the generated Prisma client.",
      },
    ],
  ),
  layer(
    "use-cases",
    USE_CASES.map((folder) => `lib/${folder}/**`),
    [
      { regex: DRIVERS, message: "Use cases never see the ORM or a driver: call a repository." },
      { regex: "^(@/lib/|(\\.\\./)+)db/generated(/|$)", message: "Use cases never see the ORM." },
      {
        regex: "^(@/lib/|(\\.\\./)+)db/client$",
        allowTypeImports: true,
        message: "Use cases take the Db as an argument: `import type` only.",
      },
    ],
  ),
);
