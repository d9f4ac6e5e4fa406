// The shop front: VIP plans with prices from the database.
import { getLocale, getTranslations } from "next-intl/server";
import { getSessionUser } from "@/lib/auth/session";
import { listActivePlans } from "@/lib/db/plan-repository";
import { findVipAccessUntil } from "@/lib/db/vip-status-repository";
import { formatDate } from "@/lib/i18n/format-date";
import { getAppDb } from "@/lib/server/app-db";
import { PlanCard, getShopperTimeline } from "./_components/plan-card";

export default async function PlansPage() {
  const db = getAppDb();
  const [plans, user, locale, t] = await Promise.all([
    listActivePlans(db),
    getSessionUser(),
    getLocale(),
    getTranslations("shop.plans"),
  ]);
  const shopper = await getShopperTimeline(user);
  const vipEndsAt = user && shopper ? await findVipAccessUntil(db, user.id, shopper.now) : null;
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
          <PlanCard key={plan.id} plan={plan} shopper={shopper} />
        ))}
      </div>
    </>
  );
}
