// Throwaway real databases for integration tests: a fresh SQLite file, or a fresh Postgres
// database created on the server TEST_POSTGRES_URL names, both migrated with the real migrations.
import { mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createHash, randomBytes } from "node:crypto";
import { join } from "node:path";
import pg from "pg";
import { createDb, type Db } from "@/lib/db/client";
import { migrateDatabase } from "@/lib/cli/migrate-database";
import { seedDatabase } from "@/prisma/seed-database";

export type Provider = "sqlite" | "postgres";
export const PROVIDERS: Provider[] = ["sqlite", "postgres"];

export const DEFAULT_TEST_POSTGRES_URL = "postgresql://postgres:postgres@127.0.0.1:5432/postgres";

export function testPostgresUrl(): string {
  return process.env.TEST_POSTGRES_URL || DEFAULT_TEST_POSTGRES_URL;
}

export interface TestDatabase {
  provider: Provider;
  url: string;
  db: Db;
  drop(): Promise<void>;
}

const TMP_DIR = join(process.cwd(), "tests/.tmp");

async function createSqlite(): Promise<TestDatabase> {
  mkdirSync(TMP_DIR, { recursive: true });
  const file = join(TMP_DIR, `it-${randomBytes(6).toString("hex")}.db`);
  const url = `file:${file}`;
  migrateDatabase(url);
  const db = createDb(url);
  return {
    provider: "sqlite",
    url,
    db,
    async drop() {
      await db.$disconnect();
      for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
    },
  };
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Name of a template database holding exactly the current migrations. `prisma migrate deploy`
 * against Postgres takes ~12 s here (a timer inside Prisma's WASM schema engine), so it runs once
 * per migration history and every test database is a cheap copy of the template.
 */
async function ensurePostgresTemplate(admin: pg.Client, adminUrl: string): Promise<string> {
  const dir = "prisma/postgres/migrations";
  const hash = createHash("sha256");
  for (const name of readdirSync(dir).sort()) {
    hash.update(name);
    if (!name.endsWith(".toml")) hash.update(readFileSync(join(dir, name, "migration.sql")));
  }
  const template = `storefront_tpl_${hash.digest("hex").slice(0, 12)}`;
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [template]);
  if (exists.rowCount === 0) {
    const building = `${template}_build_${randomBytes(3).toString("hex")}`;
    await admin.query(`CREATE DATABASE ${building}`);
    migrateDatabase(databaseUrl(adminUrl, building));
    await admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`).catch(async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`); // another run made it first
    });
  }
  return template;
}

async function createPostgres(): Promise<TestDatabase> {
  const adminUrl = testPostgresUrl();
  const name = `storefront_it_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const template = await ensurePostgresTemplate(admin, adminUrl);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(adminUrl, name);
  const db = createDb(url);
  return {
    provider: "postgres",
    url,
    db,
    async drop() {
      await db.$disconnect();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/**
 * Drops the PostgreSQL database `url` names and makes it again as a copy of the migrated template
 * (the e2e stack on PostgreSQL: a fresh database per run under a name the specs know).
 */
export async function recreatePostgresDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a plain database name: ${name}`);
  const adminUrl = databaseUrl(url, "postgres");
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const template = await ensurePostgresTemplate(admin, adminUrl);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
}

/** A migrated, seeded (plans only) database of the given provider. */
export async function createTestDatabase(provider: Provider): Promise<TestDatabase> {
  const database = provider === "sqlite" ? await createSqlite() : await createPostgres();
  await seedDatabase(database.db, { withDemoAccounts: false });
  return database;
}
