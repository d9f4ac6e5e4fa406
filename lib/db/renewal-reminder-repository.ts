// Queues "your subscription renews soon" notices: for each live subscription whose charge is
// within the longest reminder lead, the billing rule decides whether its reminder is due; the
// dedupe key (subscription, period) makes each reminder once however often this runs. Shoppers who
// turned reminders off on their account page get none.
import { isRenewalReminderDue, LONGEST_REMINDER_LEAD_MS } from "@/lib/billing/renewal-reminder";
import { sqlOf, type Db } from "./client";
import { enqueueNotice } from "./notice-outbox";

export async function queueRenewalReminders(db: Db, now: Date): Promise<number> {
  const sql = sqlOf(db);
  const horizon = new Date(now.getTime() + LONGEST_REMINDER_LEAD_MS);
  const candidates = await sql
    .selectFrom("Subscription")
    .innerJoin("Plan", (join) =>
      join.on((eb) =>
        eb("Plan.id", "=", eb.fn.coalesce("Subscription.pendingPlanId", "Subscription.planId")),
      ),
    )
    .select([
      "Subscription.id",
      "Subscription.userId",
      "Subscription.currentPeriodIndex",
      "Subscription.currentPeriodEnd",
      "Subscription.interval",
      "Subscription.pendingInterval",
      "Subscription.amountMinor",
      "Subscription.pendingAmountMinor",
      "Subscription.currency",
      "Subscription.cancelAtPeriodEnd",
      "Plan.code as planCode",
      "Plan.name as planName",
    ])
    .innerJoin("User", "User.id", "Subscription.userId")
    .where("User.remindersByEmail", "=", true)
    .where("Subscription.status", "=", "ACTIVE")
    .where("Subscription.currentPeriodEnd", ">", now)
    .where("Subscription.currentPeriodEnd", "<=", horizon)
    .execute();
  const due = candidates.filter(
    (s) =>
      s.currentPeriodEnd !== null &&
      isRenewalReminderDue(
        {
          chargeAt: s.currentPeriodEnd,
          interval: s.pendingInterval ?? s.interval,
          isCancelled: s.cancelAtPeriodEnd,
        },
        now,
      ),
  );
  if (due.length === 0) return 0;
  await sql.transaction().execute(async (tx) => {
    for (const s of due)
      await enqueueNotice(
        tx,
        {
          kind: "renewal-reminder",
          eventId: `${s.id}:${s.currentPeriodIndex}`,
          userId: s.userId,
          subscriptionId: s.id,
          payload: {
            planCode: s.planCode,
            planName: s.planName,
            amountMinor: s.pendingAmountMinor ?? s.amountMinor,
            currency: s.currency,
            chargeAt: (s.currentPeriodEnd ?? now).toISOString(),
            interval: s.pendingInterval ?? s.interval,
          },
        },
        now,
      );
  });
  return due.length;
}
