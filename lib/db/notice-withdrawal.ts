// Notices whose reason is gone before they went out: a transfer reminder for an order that is no
// longer waiting for the transfer, a reset link that was used or has expired, a renewal reminder
// for a subscription that will not renew. A first delivery that failed and is retried later must
// not tell the shopper to pay for what they already paid. Such notices end WITHDRAWN, never sent.
import { sql as rawSql } from "kysely";
import { sqlOf, type Db } from "./client";
import type { NoticeKind } from "./notice-payloads";

const UNSENT = ["PENDING", "FAILED"] as const;
const TRANSFER_KINDS: NoticeKind[] = ["transfer-instructions", "transfer-reminder"];

/** Withdraws every unsent notice that no longer applies at `now`; returns how many. */
export async function withdrawStaleNotices(db: Db, now: Date): Promise<number> {
  const sql = sqlOf(db);
  const withdraw = (reason: string) =>
    sql
      .updateTable("Notice")
      .set({ state: "WITHDRAWN", lastError: reason, updatedAt: now })
      .where("state", "in", UNSENT);

  const transfers = await withdraw("The order no longer waits for a transfer")
    .where("kind", "in", TRANSFER_KINDS)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("Order")
          .select("Order.id")
          .whereRef("Order.id", "=", "Notice.orderId")
          .where("Order.status", "!=", "PENDING"),
      ),
    )
    .executeTakeFirst();

  const resets = await withdraw("The reset link was used or has expired")
    .where("kind", "=", "password-reset")
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("PasswordReset")
          .select("PasswordReset.id")
          // The notice's dedupe key is `password-reset:<reset id>` (noticeDedupeKey).
          .where((r) =>
            r(
              "Notice.dedupeKey",
              "=",
              rawSql<string>`${rawSql.lit("password-reset:")} || ${r.ref("PasswordReset.id")}`,
            ),
          )
          .where((r) =>
            r.or([
              r("PasswordReset.usedAt", "is not", null),
              r("PasswordReset.expiresAt", "<=", now),
            ]),
          ),
      ),
    )
    .executeTakeFirst();

  const reminders = await withdraw("The subscription will not renew")
    .where("kind", "=", "renewal-reminder")
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom("Subscription")
          .select("Subscription.id")
          .whereRef("Subscription.id", "=", "Notice.subscriptionId")
          .where((s) =>
            s.or([
              s("Subscription.status", "!=", "ACTIVE"),
              s("Subscription.cancelAtPeriodEnd", "=", true),
            ]),
          ),
      ),
    )
    .executeTakeFirst();

  return [transfers, resets, reminders].reduce((sum, r) => sum + Number(r.numUpdatedRows), 0);
}
