import type { Db } from "./client";

/** When the user's VIP access ends, or null if they have none right now. */
export async function findVipAccessEnd(db: Db, userId: string, now: Date): Promise<Date | null> {
  const latest = await db.entitlement.findFirst({
    where: { userId, endsAt: { gt: now } },
    orderBy: { endsAt: "desc" },
  });
  return latest?.endsAt ?? null;
}
