import type { Db, DbTransaction } from "./client";
import { computeEntitlementWindow } from "@/lib/billing/entitlement-window";

/** Grants a one-time pass's VIP window, extending any access still running. Unique per order. */
export async function grantEntitlement(
  tx: DbTransaction,
  input: { userId: string; orderRowId: string; durationDays: number; now: Date },
): Promise<void> {
  const latest = await tx.entitlement.findFirst({ where: { userId: input.userId }, orderBy: { endsAt: "desc" } });
  const window = computeEntitlementWindow({ now: input.now, durationDays: input.durationDays, currentAccessEndsAt: latest?.endsAt ?? null });
  await tx.entitlement.create({ data: { userId: input.userId, orderId: input.orderRowId, ...window } });
}

/** When the user's VIP access ends, or null if they have none right now. */
export async function findVipAccessEnd(db: Db, userId: string, now: Date): Promise<Date | null> {
  const latest = await db.entitlement.findFirst({
    where: { userId, endsAt: { gt: now } },
    orderBy: { endsAt: "desc" },
  });
  return latest?.endsAt ?? null;
}
