// `npm run db:seed`: plans always; demo accounts everywhere except production.
import { createDb } from "../lib/db/client";
import { loadLocalEnv } from "../lib/cli/dev-env";
import { seedDatabase } from "./seed-database";

loadLocalEnv();
const db = createDb(process.env.DATABASE_URL as string);
try {
  await seedDatabase(db, { withDemoAccounts: process.env.NODE_ENV !== "production" });
  console.log("Seeded plans" + (process.env.NODE_ENV !== "production" ? " and demo accounts" : ""));
} finally {
  await db.$disconnect();
}
