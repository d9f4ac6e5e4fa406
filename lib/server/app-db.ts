// The app's database handle, from the validated environment.
import { getDb, type Db } from "@/lib/db/client";
import { getEnv } from "@/lib/env";

export function getAppDb(): Db {
  return getDb(getEnv().DATABASE_URL);
}
