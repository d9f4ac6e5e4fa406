// A shopper's VIP access today: the later of their one-time passes and their subscriptions' access.
import type { Db } from "./client";
import { findVipAccessEnd } from "./entitlement-repository";
import { subscriptionGrantsAccess } from "@/lib/billing/vip-access";

export async function findVipAccessUntil(db: Db, userId: string, now: Date): Promise<Date | null> {
  const [passEnd, subscriptions] = await Promise.all([
    findVipAccessEnd(db, userId, now),
    db.subscription.findMany({
      where: { userId, status: { in: ["ACTIVE", "PAST_DUE", "NEEDS_REBIND", "CANCELED"] } },
      select: { status: true, currentPeriodEnd: true, graceUntil: true },
    }),
  ]);
  const ends = subscriptions
    .filter((s) => subscriptionGrantsAccess(s, now))
    .map((s) =>
      Math.max(
        s.currentPeriodEnd?.getTime() ?? 0,
        s.status === "CANCELED" || s.status === "ACTIVE" ? 0 : (s.graceUntil?.getTime() ?? 0),
      ),
    );
  const latest = Math.max(passEnd?.getTime() ?? 0, ...ends);
  return latest > 0 ? new Date(latest) : null;
}
