// One plan as the shop shows it (the plans page and the plan's checkout page): name, price,
// description, and what it offers the visitor: sign in to buy (returning to this plan's checkout),
// the exact dates a purchase would cover with its buy button, or, for a subscriber, "your current
// plan" and a switch.
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { formatMoney } from "@/lib/billing/money";
import { quotePurchase } from "@/lib/billing/vip-timeline";
import type { PlanRecord } from "@/lib/db/plan-repository";
import { findLiveSubscription } from "@/lib/db/subscription-repository";
import { findOwnedTimeEnd } from "@/lib/db/vip-timeline-repository";
import { formatDate } from "@/lib/i18n/format-date";
import { getAppClock } from "@/lib/server/app-clock";
import { getAppDb } from "@/lib/server/app-db";
import { getAppDeps } from "@/lib/server/app-deps";
import { getPlanNames } from "./plan-names";

export interface ShopperTimeline {
  now: Date;
  /** When the paid VIP time the shopper owns ends (null: none left). */
  ownedEnd: Date | null;
  /** The plan of the shopper's live subscription, if any: subscription plans then offer a switch. */
  subscribedPlanId: string | null;
  timeZone: string;
  /** Card payment (SinoPac) is configured: VIP passes offer it beside LINE Pay. */
  offersCard: boolean;
}

/** What the plan cards need to know about the signed-in shopper (null for a visitor). */
export async function getShopperTimeline(
  user: { id: string } | null,
): Promise<ShopperTimeline | null> {
  if (!user) return null;
  const db = getAppDb();
  const now = (await getAppClock())();
  const [ownedEnd, live, deps] = await Promise.all([
    findOwnedTimeEnd(db, user.id, now),
    findLiveSubscription(db, user.id),
    getAppDeps(),
  ]);
  const subscribedPlanId = live && live.status !== "INCOMPLETE" ? live.planId : null;
  return {
    now,
    ownedEnd,
    subscribedPlanId,
    timeZone: deps.policy.timeZone,
    offersCard: Boolean(deps.collections.SINOPAC),
  };
}

export async function PlanCard({
  plan,
  shopper,
}: {
  plan: PlanRecord;
  shopper: ShopperTimeline | null;
}) {
  const [locale, t, planNames] = await Promise.all([
    getLocale(),
    getTranslations("shop.plans"),
    getPlanNames(),
  ]);
  return (
    <article
      className="card"
      data-testid={`plan-${plan.code}`}
      aria-labelledby={`plan-${plan.code}-name`}
    >
      <h2 id={`plan-${plan.code}-name`}>{planNames.name(plan)}</h2>
      <p className="price">
        <span data-testid="plan-price">{formatMoney(plan.priceMinor, plan.currency, locale)}</span>
        {plan.billingInterval ? (
          <span className="muted">
            {" "}
            / {t(plan.billingInterval === "MONTH" ? "perMonth" : "perYear")}
          </span>
        ) : null}
      </p>
      <p>{planNames.description(plan)}</p>
      <PlanOffer plan={plan} shopper={shopper} />
    </article>
  );
}

async function PlanOffer({
  plan,
  shopper,
}: {
  plan: PlanRecord;
  /** Null for a visitor who is not signed in. */
  shopper: ShopperTimeline | null;
}) {
  const [locale, t] = await Promise.all([getLocale(), getTranslations("shop.plans")]);
  if (!shopper) {
    const checkout = `/checkout?plan=${encodeURIComponent(plan.code)}`;
    return (
      <Link className="button" href={`/signin?callbackUrl=${encodeURIComponent(checkout)}`}>
        {t("signInToBuy")}
      </Link>
    );
  }
  if (shopper.subscribedPlanId && plan.kind === "RECURRING") {
    return plan.id === shopper.subscribedPlanId ? (
      <p className="notice success" data-testid="current-plan">
        {t("currentPlan")}
      </p>
    ) : (
      <Link className="button" href={`/account/plan-change?plan=${encodeURIComponent(plan.code)}`}>
        {t("switchTo")}
      </Link>
    );
  }
  // Exactly the dates this purchase would cover, placed after the time owned.
  const quote = quotePurchase(plan, shopper.now, shopper.ownedEnd, shopper.timeZone);
  const dates = {
    start: formatDate(quote.covers.startsAt, locale),
    end: formatDate(quote.covers.endsAt, locale),
  };
  return (
    <>
      <p className="muted" data-testid="plan-covers">
        {t(quote.kind === "pass" ? "coversPass" : "coversSubscription", dates)}
      </p>
      <form method="post" action="/api/linepay/checkout">
        <input type="hidden" name="planCode" value={plan.code} />
        <button type="submit">{t(plan.kind === "RECURRING" ? "subscribe" : "buy")}</button>
      </form>
      {plan.kind === "ONE_TIME" && shopper.offersCard ? (
        <form method="post" action="/api/sinopac/checkout">
          <input type="hidden" name="planCode" value={plan.code} />
          <button type="submit" className="secondary">
            {t("buyByCard")}
          </button>
        </form>
      ) : null}
      {plan.kind === "ONE_TIME" && shopper.offersCard ? (
        <form method="post" action="/api/sinopac/transfer">
          <input type="hidden" name="planCode" value={plan.code} />
          <button type="submit" className="secondary">
            {t("buyByTransfer")}
          </button>
        </form>
      ) : null}
    </>
  );
}
