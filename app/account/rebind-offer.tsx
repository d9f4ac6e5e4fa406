// What "Approve LINE Pay again" will charge, shown before the shopper approves: the amount, the
// period it pays (numbered as in the payments table) and what follows. The same function decides
// what the confirm pays, so the two never disagree.
import { getLocale, getTranslations } from "next-intl/server";
import { DEFAULT_BILLING_POLICY } from "@/lib/billing/billing-policy";
import { formatMoney } from "@/lib/billing/money";
import { rebindChargeOf } from "@/lib/billing/rebind-charge";
import type { SubscriptionView } from "@/lib/db/subscription-repository";
import { formatDate } from "@/lib/i18n/format-date";
import { Alert } from "../_components/ui/alert";

export async function RebindOffer({
  subscription,
  now,
}: {
  subscription: SubscriptionView;
  now: Date;
}) {
  const charge = rebindChargeOf(subscription, DEFAULT_BILLING_POLICY.timeZone);
  if (!charge) return null;
  const [locale, t] = await Promise.all([getLocale(), getTranslations("shop.subscription")]);
  const day = (d: Date) => formatDate(d, locale);
  const paidUntil = subscription.currentPeriodEnd;
  return (
    <Alert data-testid="rebind-offer">
      <p className="my-0">
        {t("rebindOffer", {
          amount: formatMoney(charge.amountMinor, charge.currency, locale),
          number: charge.periodIndex + 1,
          start: day(charge.startsAt),
          end: day(charge.endsAt),
        })}
      </p>
      {paidUntil && paidUntil > now ? (
        <p className="mt-2 mb-0" data-testid="rebind-paid-until">
          {t("rebindPaidUntil", { date: day(paidUntil) })}
        </p>
      ) : null}
    </Alert>
  );
}
