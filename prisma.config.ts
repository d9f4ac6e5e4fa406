// Prisma CLI configuration. The provider follows DATABASE_URL: `file:` means the embedded SQLite
// default, `postgres://` / `postgresql://` means PostgreSQL. Prisma 6.19 runs fully offline with its
// bundled WebAssembly schema engine when this file sets `engine: "js"` and a driver adapter, the
// generator sets `engineType = "client"` and the datasource keeps `url = env("DATABASE_URL")`;
// otherwise its CLI tries to download a native engine. (Prisma 7's CLI always downloads one.)
import { defineConfig } from "prisma/config";

const databaseUrl = process.env.DATABASE_URL ?? "file:./dev.db";
const isPostgres = /^postgres(ql)?:\/\//.test(databaseUrl);
const provider = isPostgres ? "postgres" : "sqlite";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: `prisma/${provider}/schema.prisma`,
  migrations: { path: `prisma/${provider}/migrations` },
  async adapter() {
    if (isPostgres) {
      // adapter-pg 6.19 cannot read Postgres catalog types during migrate (prisma/orm#27403);
      // the 7.x adapter, installed under an alias, is used only here, by the CLI.
      const { PrismaPg } = await import("prisma-adapter-pg-migrate");
      // A short idle timeout lets the CLI exit as soon as it is done instead of waiting 10 s for the pool.
      return new PrismaPg({
        connectionString: databaseUrl,
        idleTimeoutMillis: 50,
        allowExitOnIdle: true,
      });
    }
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url: databaseUrl });
  },
});
