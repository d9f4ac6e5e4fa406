// Each provider's migration history must produce exactly what its schema.prisma says. Both schemas
// are generated from prisma/schema.source.prisma (tests/unit/prisma-schemas.test.ts and the first
// step of `npm test` check that), so this fails when a migration is missing or wrong.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrateDatabase } from "@/lib/cli/migrate-database";
import { describePostgres, describeSqlite } from "../helpers/describe-schema";
import { testPostgresUrl } from "../helpers/test-databases";

const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");

function migrationNames(provider: "sqlite" | "postgres"): string[] {
  return readdirSync(`prisma/${provider}/migrations`, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** The SQL that creates schema.prisma from nothing, as Prisma would write it today. */
function sqlFromSchema(provider: "sqlite" | "postgres", databaseUrl: string): string {
  return execFileSync(
    process.execPath,
    [
      prismaCli,
      "migrate",
      "diff",
      "--from-empty",
      "--to-schema-datamodel",
      `prisma/${provider}/schema.prisma`,
      "--script",
    ],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
}

const tmp = join(process.cwd(), "tests/.tmp/drift");
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("schema drift", () => {
  it("keeps one migration history with the same migrations for both providers", () => {
    expect(migrationNames("sqlite").length).toBeGreaterThan(0);
    expect(migrationNames("postgres")).toEqual(migrationNames("sqlite"));
  });

  it("[sqlite] migrations build exactly the database schema.prisma describes", () => {
    mkdirSync(tmp, { recursive: true });
    const migrated = join(tmp, "migrated.db");
    const fromSchema = join(tmp, "from-schema.db");
    migrateDatabase(`file:${migrated}`);
    const direct = new Database(fromSchema);
    direct.exec(sqlFromSchema("sqlite", `file:${fromSchema}`));
    direct.close();
    expect(describeSqlite(migrated)).toEqual(describeSqlite(fromSchema));
  });

  it("[postgres] migrations build exactly the database schema.prisma describes", async () => {
    const admin = new pg.Client({ connectionString: testPostgresUrl() });
    await admin.connect();
    const suffix = Date.now().toString(36);
    const names = [`drift_migrated_${suffix}`, `drift_schema_${suffix}`];
    try {
      for (const name of names) await admin.query(`CREATE DATABASE ${name}`);
      const [migratedUrl, schemaUrl] = names.map((name) =>
        Object.assign(new URL(testPostgresUrl()), { pathname: `/${name}` }).toString(),
      ) as [string, string];
      migrateDatabase(migratedUrl);
      const direct = new pg.Client({ connectionString: schemaUrl });
      await direct.connect();
      await direct.query(sqlFromSchema("postgres", schemaUrl));
      await direct.end();
      expect(await describePostgres(migratedUrl)).toEqual(await describePostgres(schemaUrl));
    } finally {
      for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
