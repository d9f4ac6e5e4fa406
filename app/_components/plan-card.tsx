// One plan as the shop shows it (the plans page and the plan's checkout page): name, price,
// description, and what it offers the visitor: sign in to buy (returning to this plan's checkout),
// the exact dates a purchase would cover with its buy button, or, for a subscriber, "your current
// plan" and a switch.
import Link from "next/link";
import type { ReactNode } from "react";
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
import { Alert } from "./ui/alert";
import { Button } from "./ui/button";
import { cn } from "./ui/cn";

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
  const isCurrent = Boolean(shopper?.subscribedPlanId && plan.id === shopper.subscribedPlanId);
  return (
    <article
      className={cn(
        "flex flex-col rounded-card border border-line bg-surface p-5 shadow-xs sm:p-6",
        isCurrent && "border-brand ring-1 ring-brand",
      )}
      data-testid={`plan-${plan.code}`}
      aria-labelledby={`plan-${plan.code}-name`}
    >
      <p className="m-0 text-xs font-semibold tracking-wide text-brand uppercase">
        {t(`kind.${plan.kind === "RECURRING" ? "recurring" : "pass"}`)}
      </p>
      <h2 id={`plan-${plan.code}-name`} className="mt-1 mb-0 text-xl">
        {planNames.name(plan)}
      </h2>
      <p className="price mt-3 mb-0 flex flex-wrap items-baseline gap-x-1">
        <span data-testid="plan-price" className="text-3xl font-bold tracking-tight text-ink">
          {formatMoney(plan.priceMinor, plan.currency, locale)}
        </span>
        {plan.billingInterval ? (
          <span className="text-muted">
            {" "}
            / {t(plan.billingInterval === "MONTH" ? "perMonth" : "perYear")}
          </span>
        ) : null}
      </p>
      <p className="mt-3 mb-5 text-muted">{planNames.description(plan)}</p>
      <div className="mt-auto grid gap-2">
        <PlanOffer plan={plan} shopper={shopper} />
      </div>
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
      <Button asChild className="w-full">
        <Link href={`/signin?callbackUrl=${encodeURIComponent(checkout)}`}>{t("signInToBuy")}</Link>
      </Button>
    );
  }
  if (shopper.subscribedPlanId && plan.kind === "RECURRING") {
    return plan.id === shopper.subscribedPlanId ? (
      <Alert tone="success" className="my-0 text-center font-semibold" data-testid="current-plan">
        {t("currentPlan")}
      </Alert>
    ) : (
      <Button asChild variant="outline" className="w-full">
        <Link href={`/account/plan-change?plan=${encodeURIComponent(plan.code)}`}>
          {t("switchTo")}
        </Link>
      </Button>
    );
  }
  // Exactly the dates this purchase would cover, placed after the time owned.
  const quote = quotePurchase(plan, shopper.now, shopper.ownedEnd, shopper.timeZone);
  const dates = {
    start: formatDate(quote.covers.startsAt, locale),
    end: formatDate(quote.covers.endsAt, locale),
  };
  const offersCard = plan.kind === "ONE_TIME" && shopper.offersCard;
  return (
    <>
      <p
        className="mt-0 mb-2 rounded-control bg-subtle px-3 py-2 text-sm text-muted"
        data-testid="plan-covers"
      >
        {t(quote.kind === "pass" ? "coversPass" : "coversSubscription", dates)}
      </p>
      {offersCard ? <p className="m-0 text-sm font-semibold">{t("payWith")}</p> : null}
      <PayForm action="/api/linepay/checkout" planCode={plan.code}>
        {t(plan.kind === "RECURRING" ? "subscribe" : "buy")}
      </PayForm>
      {offersCard ? (
        <>
          <PayForm action="/api/sinopac/checkout" planCode={plan.code} secondary>
            {t("buyByCard")}
          </PayForm>
          <PayForm action="/api/sinopac/transfer" planCode={plan.code} secondary>
            {t("buyByTransfer")}
          </PayForm>
        </>
      ) : null}
    </>
  );
}

/** One way to pay: a plain form, so it works without JavaScript. */
function PayForm({
  action,
  planCode,
  secondary = false,
  children,
}: {
  action: string;
  planCode: string;
  secondary?: boolean;
  children: ReactNode;
}) {
  return (
    <form method="post" action={action}>
      <input type="hidden" name="planCode" value={planCode} />
      <Button
        type="submit"
        variant={secondary ? "outline" : "primary"}
        className="w-full whitespace-normal"
      >
        {children}
      </Button>
    </form>
  );
}
