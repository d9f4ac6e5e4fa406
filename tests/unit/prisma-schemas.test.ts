import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  findStaleSchemas,
  renderSchemas,
  SCHEMA_SOURCE,
  writeSchemas,
} from "@/lib/cli/prisma-schemas";

const GENERATED = ["prisma/sqlite/schema.prisma", "prisma/postgres/schema.prisma"];
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the repository's schema source and generated schemas in a temporary folder. */
function copyOfRepository(): string {
  const root = mkdtempSync(join(tmpdir(), "schemas-"));
  dirs.push(root);
  for (const path of [SCHEMA_SOURCE, ...GENERATED]) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    cpSync(path, join(root, path));
  }
  return root;
}

describe("generated Prisma schemas", () => {
  it("are what the committed source produces", () => {
    expect(findStaleSchemas(process.cwd())).toEqual([]);
  });

  it("differ only in the datasource provider and the generated folders", () => {
    const [sqlite, postgres] = renderSchemas(readFileSync(SCHEMA_SOURCE, "utf8")).map((file) =>
      file.text.split("\n"),
    );
    const differences = sqlite!.filter((line, i) => line !== postgres![i]);
    expect(differences.map((line) => line.trim())).toEqual([
      'output     = "../../lib/db/generated/sqlite"',
      'output       = "../../lib/db/generated/kysely/sqlite"',
      'provider = "sqlite"',
    ]);
    expect(postgres).toContain('  provider = "postgresql"');
    expect(sqlite![0]).toMatch(/^\/\/ Generated from prisma\/schema\.source\.prisma .*Do not edit/);
  });

  it("the check names a generated file edited by hand, and regenerating fixes it", () => {
    const root = copyOfRepository();
    const edited = join(root, "prisma/postgres/schema.prisma");
    writeFileSync(
      edited,
      readFileSync(edited, "utf8").replace("model User {", "model User {\n  nickname String?"),
    );
    expect(findStaleSchemas(root)).toEqual(["prisma/postgres/schema.prisma"]);

    writeSchemas(root);
    expect(findStaleSchemas(root)).toEqual([]);
  });

  it("the check names a generated file that is missing", () => {
    const root = copyOfRepository();
    rmSync(join(root, "prisma/sqlite/schema.prisma"));
    expect(findStaleSchemas(root)).toEqual(["prisma/sqlite/schema.prisma"]);
  });
});
