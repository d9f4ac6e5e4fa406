// Hit counters per (key, window start) for lib/security/rate-limit.ts. The increment is one upsert,
// so concurrent requests on several app instances each get their own count.
import type { Db } from "./client";

function isUniqueViolation(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002"
  );
}

/** Counts one hit and returns the window's hits including it. */
export async function incrementRateLimitHits(
  db: Db,
  key: string,
  windowStart: Date,
): Promise<number> {
  const upsert = () =>
    db.rateLimitWindow.upsert({
      where: { key_windowStart: { key, windowStart } },
      create: { key, windowStart, hits: 1 },
      update: { hits: { increment: 1 } },
      select: { hits: true },
    });
  try {
    return (await upsert()).hits;
  } catch (error) {
    // Two first hits raced to create the row: the loser's retry takes the update path.
    if (isUniqueViolation(error)) return (await upsert()).hits;
    throw error;
  }
}

export async function readRateLimitHits(db: Db, key: string, windowStart: Date): Promise<number> {
  const row = await db.rateLimitWindow.findUnique({
    where: { key_windowStart: { key, windowStart } },
    select: { hits: true },
  });
  return row?.hits ?? 0;
}

export async function deleteRateLimitWindowsBefore(db: Db, cutoff: Date): Promise<void> {
  await db.rateLimitWindow.deleteMany({ where: { windowStart: { lt: cutoff } } });
}
