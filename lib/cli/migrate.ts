// `npm run db:migrate`: applies the migrations of the provider DATABASE_URL names (locally a SQLite
// file by default; in production DATABASE_URL is required).
import { loadJobDatabaseEnv } from "./job-env";
import { migrateDatabase } from "./migrate-database";

migrateDatabase(loadJobDatabaseEnv("db:migrate").DATABASE_URL);
