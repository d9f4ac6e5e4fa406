// Hit counters per (key, window start) for lib/security/rate-limit.ts. The increment is one
// statement (insert, or add one on conflict), so concurrent requests on several app instances each
// get their own count.
import { sqlOf, type Db } from "./client";

/** Counts one hit and returns the window's hits including it. */
export async function incrementRateLimitHits(
  db: Db,
  key: string,
  windowStart: Date,
): Promise<number> {
  const row = await sqlOf(db)
    .insertInto("RateLimitWindow")
    .values({ key, windowStart, hits: 1 })
    .onConflict((conflict) =>
      conflict.columns(["key", "windowStart"]).doUpdateSet((eb) => ({
        hits: eb("RateLimitWindow.hits", "+", 1),
      })),
    )
    .returning("hits")
    .executeTakeFirstOrThrow();
  return row.hits;
}

export async function readRateLimitHits(db: Db, key: string, windowStart: Date): Promise<number> {
  const row = await sqlOf(db)
    .selectFrom("RateLimitWindow")
    .select("hits")
    .where("key", "=", key)
    .where("windowStart", "=", windowStart)
    .executeTakeFirst();
  return row?.hits ?? 0;
}

export async function deleteRateLimitWindowsBefore(db: Db, cutoff: Date): Promise<void> {
  await sqlOf(db).deleteFrom("RateLimitWindow").where("windowStart", "<", cutoff).execute();
}

/** Takes back one hit counted earlier in the same window (a claimed attempt that succeeded). */
export async function decrementRateLimitHits(
  db: Db,
  key: string,
  windowStart: Date,
): Promise<void> {
  await sqlOf(db)
    .updateTable("RateLimitWindow")
    .set((eb) => ({ hits: eb("RateLimitWindow.hits", "-", 1) }))
    .where("key", "=", key)
    .where("windowStart", "=", windowStart)
    .where("hits", ">", 0)
    .execute();
}
