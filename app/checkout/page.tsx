// A plan's checkout: the plan, exactly which dates buying it now covers, and the button that goes
// to LINE Pay. "Sign in to buy" returns here, so a visitor who signs in lands on the plan they chose.
import { notFound } from "next/navigation";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/auth/session";
import { findActivePlanByCode } from "@/lib/db/plan-repository";
import { getAppDb } from "@/lib/server/app-db";
import { PlanCard, getShopperTimeline } from "../_components/plan-card";

export default async function CheckoutPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { plan: code } = await searchParams;
  if (typeof code !== "string" || !/^[a-z0-9-]{1,64}$/.test(code)) notFound();
  const user = await requireUser(`/checkout?plan=${encodeURIComponent(code)}`);
  const plan = await findActivePlanByCode(getAppDb(), code);
  if (!plan) notFound();
  const [t, shopper] = await Promise.all([
    getTranslations("shop.checkoutPage"),
    getShopperTimeline(user),
  ]);
  return (
    <>
      <h1>{t("title")}</h1>
      <div className="max-w-md">
        <PlanCard plan={plan} shopper={shopper} />
      </div>
      <p className="mt-6">
        <Link href="/">
          <span aria-hidden="true">← </span>
          {t("allPlans")}
        </Link>
      </p>
    </>
  );
}
