// The shop front: VIP plans with prices from the database.
import { getLocale, getTranslations } from "next-intl/server";
import { getSessionUser } from "@/lib/auth/session";
import { listActivePlans } from "@/lib/db/plan-repository";
import { findVipAccessUntil } from "@/lib/db/vip-status-repository";
import { formatDate } from "@/lib/i18n/format-date";
import { getAppDb } from "@/lib/server/app-db";
import { PlanCard, getShopperTimeline } from "./_components/plan-card";
import { Alert } from "./_components/ui/alert";

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
      <header className="mb-6 max-w-2xl sm:mb-8">
        <h1 className="mb-2 text-3xl sm:text-4xl">{t("title")}</h1>
        <p className="m-0 text-lg text-muted">{t("intro")}</p>
      </header>
      {vipEndsAt ? (
        <Alert tone="success" className="mb-6" data-testid="vip-status">
          {t("vipStatus", { date: formatDate(vipEndsAt, locale) })}
        </Alert>
      ) : null}
      <div className="grid scroll-mt-4 grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3" id="plans">
        {plans.map((plan) => (
          <PlanCard key={plan.id} plan={plan} shopper={shopper} />
        ))}
      </div>
    </>
  );
}
