// The layer rules in eslint.config.mjs fire: a deliberate violation of each import rule, written at a
// path inside each folder, is reported, and a clean import at the same path is not. Also checks that
// Prettier's settings are the house style. Type-aware rules are off here: only imports matter.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint, type Linter } from "eslint";
import * as prettier from "prettier";
import tseslint from "typescript-eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
const configFile = join(root, "eslint.config.mjs");
const untyped: Linter.Config[] = [
  tseslint.configs.disableTypeChecked,
  { languageOptions: { parserOptions: { projectService: false, project: null } } },
];

const RESTRICTED = "@typescript-eslint/no-restricted-imports";

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root, overrideConfigFile: configFile, overrideConfig: untyped });
});

async function rulesFiredAt(
  filePath: string,
  code: string,
  linter = eslint,
  base = root,
): Promise<string[]> {
  const [result] = await linter.lintText(code, { filePath: join(base, filePath) });
  const fatal = result?.messages.filter((m) => m.fatal) ?? [];
  expect(fatal, JSON.stringify(fatal)).toEqual([]);
  return (result?.messages ?? []).map((m) => m.ruleId ?? "");
}

async function expectRestricted(filePath: string, code: string): Promise<void> {
  expect(await rulesFiredAt(filePath, code), `${filePath}: ${code}`).toContain(RESTRICTED);
}

async function expectClean(filePath: string, code: string): Promise<void> {
  expect(await rulesFiredAt(filePath, code), `${filePath}: ${code}`).not.toContain(RESTRICTED);
}

describe("lib/billing imports nothing of the app and no framework, ORM or driver", () => {
  const at = "lib/billing/layer-probe.ts";
  it.each([
    'import { createDb } from "@/lib/db/client";',
    'import { startCheckout } from "../checkout/start-checkout";',
    'import { NextResponse } from "next/server";',
    'import { PrismaClient } from "@prisma/client";',
    'import prisma from "prisma";',
    'import pg from "pg";',
    'import Database from "better-sqlite3";',
  ])("reports %s", (code) => expectRestricted(at, code));

  it("allows node built-ins and its own files", () =>
    expectClean(
      at,
      'import { randomUUID } from "node:crypto";\nimport { currencyExponent } from "./money";',
    ));

  it("allows the one application error below it", () =>
    expectClean(at, 'import { AppError } from "@/lib/errors/app-error";'));
});

describe("lib/errors imports nothing of the app", () => {
  it.each(['import { getEnv } from "@/lib/env";', 'import { logger } from "../logger";'])(
    "reports %s",
    (code) => expectRestricted("lib/errors/layer-probe.ts", code),
  );
});

describe("lib/db imports no use-case folder and no next/*", () => {
  const at = "lib/db/layer-probe.ts";
  it.each([
    'import { parseOrderFilters } from "@/lib/admin/order-filters";',
    'import { startCheckout } from "@/lib/checkout/start-checkout";',
    'import { startSubscription } from "@/lib/subscriptions/start-subscription";',
    'import type { ReconcileDeps } from "@/lib/reconciliation/reconciliation-job";',
    'import type { PaymentPort } from "@/lib/payments/ports";',
    'import { shopperRoute } from "@/lib/server/shopper-route";',
    'import { requireUser } from "@/lib/auth/session";',
    'import { requireAdmin } from "../auth/session";',
    'import { headers } from "next/headers";',
  ])("reports %s", (code) => expectRestricted(at, code));

  it("allows lib/billing and its own files", () =>
    expectClean(
      at,
      'import { currencyExponent } from "@/lib/billing/money";\nimport type { Db } from "./client";',
    ));
});

describe("provider clients and emulators import nothing from the app", () => {
  const folders = [
    "lib/linepay",
    "lib/linepay-sandbox",
    "lib/sinopac-sandbox",
    "lib/mail-emulator",
    "lib/line-sandbox",
  ];
  it.each(
    folders.flatMap((folder) => [
      [folder, 'import { getEnv } from "@/lib/env";'],
      [folder, 'import { createDb } from "../db/client";'],
    ]),
  )("%s: reports %s", (folder, code) => expectRestricted(`${folder}/layer-probe.ts`, code));

  it.each(folders)("%s: allows packages and its own files", (folder) =>
    expectClean(
      `${folder}/layer-probe.ts`,
      'import { z } from "zod";\nimport { parse } from "./json";',
    ),
  );

  const emulators = folders.filter((folder) => /-(sandbox|emulator)$/.test(folder));
  it.each(emulators)("%s: allows the shared page shell in lib/brand", (folder) =>
    expectClean(`${folder}/layer-probe.ts`, 'import { ui } from "../brand/emulator-page";'),
  );
  it.each(emulators)("%s: reports a path through lib/brand to the app", (folder) =>
    expectRestricted(
      `${folder}/layer-probe.ts`,
      'import { createDb } from "../brand/../db/client";',
    ),
  );
  it("lib/linepay (a provider client) does not reach lib/brand", () =>
    expectRestricted("lib/linepay/layer-probe.ts", 'import { ui } from "../brand/emulator-page";'));
});

describe("lib/brand, shared by the app and the emulators, imports nothing of either", () => {
  it.each([
    'import { getEnv } from "@/lib/env";',
    'import { startSandbox } from "../linepay-sandbox/server";',
  ])("reports %s", (code) => expectRestricted("lib/brand/layer-probe.ts", code));

  it("allows packages and its own files", () =>
    expectClean(
      "lib/brand/layer-probe.ts",
      'import { compile } from "@tailwindcss/node";\nimport { ui } from "./emulator-page";',
    ));
});

describe("app/ reaches the database only through lib/", () => {
  const at = "app/layer-probe/page.tsx";
  it.each([
    'import { PrismaClient } from "@prisma/client";',
    'import type { Prisma } from "@/lib/db/generated/sqlite";',
    'import { PrismaPg } from "@prisma/adapter-pg";',
    'import pg from "pg";',
    'import Database from "better-sqlite3";',
  ])("reports %s", (code) => expectRestricted(at, code));

  it("allows repositories and use cases", () =>
    expectClean(
      at,
      'import { getDb } from "@/lib/db/client";\nimport { startCheckout } from "@/lib/checkout/start-checkout";',
    ));
});

describe("use cases never see the ORM", () => {
  const folders = ["lib/checkout", "lib/subscriptions", "lib/admin", "lib/reconciliation"];
  it.each(
    folders.flatMap((folder) => [
      [folder, 'import { createDb } from "@/lib/db/client";'],
      [folder, 'import type { Prisma } from "@/lib/db/generated/sqlite";'],
      [folder, 'import { PrismaClient } from "@prisma/client";'],
      [folder, 'import pg from "pg";'],
    ]),
  )("%s: reports %s", (folder, code) => expectRestricted(`${folder}/layer-probe.ts`, code));

  it.each(folders)("%s: allows `import type { Db }` and repositories", (folder) =>
    expectClean(
      `${folder}/layer-probe.ts`,
      'import type { Db } from "@/lib/db/client";\nimport { findOrderView } from "@/lib/db/order-repository";',
    ),
  );
});

// The folder-cycle rule reads the other folders from disk: a small fixture tree gives it a cycle
// that does not depend on today's code.
describe("no import cycle between use-case folders", () => {
  let fixtureRoot = "";
  let fixtureEslint: ESLint;
  beforeAll(() => {
    fixtureRoot = mkdtempSync(join(tmpdir(), "layer-rules-"));
    const files: Record<string, string> = {
      "lib/subscriptions/start-subscription.ts":
        'import { CheckoutError } from "@/lib/checkout/checkout-error";\n',
      "lib/checkout/checkout-error.ts": "export class CheckoutError extends Error {}\n",
      "lib/admin/refund-order.ts": "export const refundOrder = 1;\n",
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(fixtureRoot, path)), { recursive: true });
      writeFileSync(join(fixtureRoot, path), text);
    }
    const noFileCycles: Linter.Config = {
      files: ["lib/**"],
      rules: { "import-x/no-cycle": "off" },
    };
    fixtureEslint = new ESLint({
      cwd: fixtureRoot,
      overrideConfigFile: configFile,
      overrideConfig: [...untyped, noFileCycles],
    });
  });
  afterAll(() => rmSync(fixtureRoot, { recursive: true, force: true }));

  it("reports lib/checkout importing lib/subscriptions when lib/subscriptions imports lib/checkout", async () => {
    const code = 'import { startSubscription } from "@/lib/subscriptions/start-subscription";';
    expect(
      await rulesFiredAt("lib/checkout/start-checkout.ts", code, fixtureEslint, fixtureRoot),
    ).toContain("layers/no-folder-cycle");
  });

  it("counts type-only imports too (they tie the folders all the same)", async () => {
    const code = 'import type { X } from "@/lib/subscriptions/start-subscription";';
    expect(await rulesFiredAt("lib/checkout/types.ts", code, fixtureEslint, fixtureRoot)).toContain(
      "layers/no-folder-cycle",
    );
  });

  it("allows an import in one direction only", async () => {
    const code = 'import { refundOrder } from "@/lib/admin/refund-order";';
    expect(
      await rulesFiredAt("lib/checkout/start-checkout.ts", code, fixtureEslint, fixtureRoot),
    ).not.toContain("layers/no-folder-cycle");
  });
});

describe("Prettier uses the house style", () => {
  const at = join(root, "lib/billing/layer-probe.ts");

  it("resolves printWidth 100, double quotes, semicolons and trailing commas", async () => {
    const options = await prettier.resolveConfig(at);
    expect(options).toMatchObject({
      printWidth: 100,
      singleQuote: false,
      semi: true,
      trailingComma: "all",
    });
  });

  it("rejects single quotes and a missing semicolon, accepts the formatted text", async () => {
    const options = { ...(await prettier.resolveConfig(at)), filepath: at };
    expect(await prettier.check("export const plan = 'vip'\n", options)).toBe(false);
    expect(await prettier.check('export const plan = "vip";\n', options)).toBe(true);
  });

  it("ignores the generated Prisma client", async () => {
    const info = await prettier.getFileInfo(join(root, "lib/db/generated/sqlite/client.ts"), {
      ignorePath: join(root, ".prettierignore"),
    });
    expect(info.ignored).toBe(true);
  });
});
