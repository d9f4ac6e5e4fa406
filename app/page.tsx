// The shop front: VIP plans with prices from the database.
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { getSessionUser } from "@/lib/auth/session";
import { formatMoney } from "@/lib/billing/money";
import { listActivePlans } from "@/lib/db/plan-repository";
import { findLiveSubscription } from "@/lib/db/subscription-repository";
import { findVipAccessUntil } from "@/lib/db/vip-status-repository";
import { findOwnedTimeEnd } from "@/lib/db/vip-timeline-repository";
import { quotePurchase } from "@/lib/billing/vip-timeline";
import { getAppDeps } from "@/lib/server/app-deps";
import { formatDate } from "@/lib/i18n/format-date";
import { getAppClock } from "@/lib/server/app-clock";
import { getAppDb } from "@/lib/server/app-db";
import { getPlanNames } from "./_components/plan-names";

export default async function PlansPage() {
  const db = getAppDb();
  const [plans, user, locale, t, planNames] = await Promise.all([
    listActivePlans(db),
    getSessionUser(),
    getLocale(),
    getTranslations("shop.plans"),
    getPlanNames(),
  ]);
  const now = (await getAppClock())();
  const { timeZone } = (await getAppDeps()).policy;
  const [vipEndsAt, ownedEnd, live] = user
    ? await Promise.all([
        findVipAccessUntil(db, user.id, now),
        findOwnedTimeEnd(db, user.id, now),
        findLiveSubscription(db, user.id),
      ])
    : [null, null, null];
  // One subscription per shopper: with one live, the other subscription plans offer a switch.
  const subscribedPlanId = live && live.status !== "INCOMPLETE" ? live.planId : null;
  const dates = (window: { startsAt: Date; endsAt: Date }) => ({
    start: formatDate(window.startsAt, locale),
    end: formatDate(window.endsAt, locale),
  });
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="muted">{t("intro")}</p>
      {vipEndsAt ? (
        <p className="notice success" data-testid="vip-status">
          {t("vipStatus", { date: formatDate(vipEndsAt, locale) })}
        </p>
      ) : null}
      <div className="plans" id="plans">
        {plans.map((plan) => (
          <article
            key={plan.id}
            className="card"
            data-testid={`plan-${plan.code}`}
            aria-labelledby={`plan-${plan.code}-name`}
          >
            <h2 id={`plan-${plan.code}-name`}>{planNames.name(plan)}</h2>
            <p className="price">
              <span data-testid="plan-price">
                {formatMoney(plan.priceMinor, plan.currency, locale)}
              </span>
              {plan.billingInterval ? (
                <span className="muted">
                  {" "}
                  / {t(plan.billingInterval === "MONTH" ? "perMonth" : "perYear")}
                </span>
              ) : null}
            </p>
            <p>{planNames.description(plan)}</p>
            {user && subscribedPlanId && plan.kind === "RECURRING" ? (
              plan.id === subscribedPlanId ? (
                <p className="notice success" data-testid="current-plan">
                  {t("currentPlan")}
                </p>
              ) : (
                <Link
                  className="button"
                  href={`/account/plan-change?plan=${encodeURIComponent(plan.code)}`}
                >
                  {t("switchTo")}
                </Link>
              )
            ) : user ? (
              <>
                {(() => {
                  // Exactly the dates this purchase would cover, placed after the time owned.
                  const quote = quotePurchase(plan, now, ownedEnd, timeZone);
                  const key = quote.kind === "pass" ? "coversPass" : "coversSubscription";
                  return (
                    <p className="muted" data-testid="plan-covers">
                      {t(key, dates(quote.covers))}
                    </p>
                  );
                })()}
                <form method="post" action="/api/linepay/checkout">
                  <input type="hidden" name="planCode" value={plan.code} />
                  <button type="submit">
                    {t(plan.kind === "RECURRING" ? "subscribe" : "buy")}
                  </button>
                </form>
              </>
            ) : (
              <Link className="button" href="/signin?callbackUrl=/">
                {t("signInToBuy")}
              </Link>
            )}
          </article>
        ))}
      </div>
    </>
  );
}
