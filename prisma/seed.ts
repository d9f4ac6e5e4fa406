// `npm run db:seed`: plans always; demo accounts everywhere except production (as lib/env.ts
// defines it). In production DATABASE_URL is required.
import { createDb } from "../lib/db/client";
import { loadJobDatabaseEnv } from "../lib/cli/job-env";
import { seedDatabase } from "./seed-database";

const env = loadJobDatabaseEnv("db:seed");
const db = createDb(env.DATABASE_URL);
try {
  await seedDatabase(db, { withDemoAccounts: !env.isProduction });
  console.log("Seeded plans" + (env.isProduction ? "" : " and demo accounts"));
} finally {
  await db.$disconnect();
}
