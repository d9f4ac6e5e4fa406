// `npm run db:migrate`: applies the migrations of the provider DATABASE_URL names.
import { loadLocalEnv } from "./dev-env";
import { migrateDatabase } from "./migrate-database";

loadLocalEnv();
migrateDatabase(process.env.DATABASE_URL as string);
