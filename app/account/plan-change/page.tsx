// The plan change page: what switching to a plan does (an upgrade's credit, charge and new dates;
// a downgrade's date and price), shown before the shopper confirms, and what happened afterwards.
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { requireUser } from "@/lib/auth/session";
import { formatMoney } from "@/lib/billing/money";
import { findPlanById } from "@/lib/db/plan-repository";
import { findLiveSubscription } from "@/lib/db/subscription-repository";
import { formatDate, formatDateTime } from "@/lib/i18n/format-date";
import { getAppDeps } from "@/lib/server/app-deps";
import { previewPlanChange } from "@/lib/subscriptions/change-plan";
import { getPlanNames } from "../../_components/plan-names";
import { Alert } from "../../_components/ui/alert";
import { Button } from "../../_components/ui/button";
import { Card, CardTitle } from "../../_components/ui/card";
import { Fact, Facts } from "../../_components/ui/facts";

const RESULTS = [
  "upgraded",
  "declined",
  "unknown",
  "quote_changed",
  "busy",
  "scheduled",
  "change_cancelled",
  "one_subscription",
] as const;
const REASONS = [
  "no_subscription",
  "not_active",
  "cancel_pending",
  "same_plan",
  "plan_unavailable",
  "period_over",
  "change_pending",
  "charge_in_progress",
  "not_an_upgrade",
  "not_a_downgrade",
  "nothing_pending",
] as const;
const SUCCESS = new Set<string>(["upgraded", "scheduled", "change_cancelled"]);
/** The confirm and keep buttons: side by side, stacked full width on a phone. */
const FORM_ACTIONS = "mt-4 grid gap-3 sm:flex sm:flex-wrap sm:items-center";

type Params = Record<string, string | string[] | undefined>;

function pick<T extends string>(value: string | string[] | undefined, allowed: readonly T[]) {
  return typeof value === "string" && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : null;
}

export default async function PlanChangePage({ searchParams }: { searchParams: Promise<Params> }) {
  const user = await requireUser("/account/plan-change");
  const params = await searchParams;
  const planCode =
    typeof params.plan === "string" && /^[a-z0-9-]{1,64}$/.test(params.plan) ? params.plan : null;
  const result = pick(params.result, RESULTS);
  const reason = pick(params.reason, REASONS);
  const deps = await getAppDeps();
  const [locale, t, planNames] = await Promise.all([
    getLocale(),
    getTranslations("shop.planChange"),
    getPlanNames(),
  ]);
  const live = await findLiveSubscription(deps.db, user.id);
  // "Upgraded" names the plan the subscription is on now; "scheduled" the one it changes to.
  const namedPlanId = result === "scheduled" ? live?.pendingPlanId : live?.planId;
  const namedPlan = namedPlanId ? await findPlanById(deps.db, namedPlanId) : null;
  const preview =
    planCode && result !== "upgraded" && result !== "scheduled"
      ? await previewPlanChange(deps, { userId: user.id, planCode })
      : null;
  const money = (amount: number, currency: string) => formatMoney(amount, currency, locale);
  const resultText = result
    ? t(`result.${result}`, { plan: namedPlan ? planNames.name(namedPlan) : "" })
    : null;
  return (
    <>
      <h1>{t("title")}</h1>
      {resultText ? (
        <Alert
          tone={result && SUCCESS.has(result) ? "success" : "warn"}
          role="status"
          data-testid="plan-change-result"
        >
          {resultText}
          {reason ? ` ${t(`reason.${reason}`)}` : ""}
        </Alert>
      ) : null}
      {preview?.kind === "refused" && !(result && preview.reason === "same_plan") ? (
        <Alert tone="warn" data-testid="plan-change-refused">
          {t(`reason.${preview.reason}`)}
        </Alert>
      ) : null}
      {preview?.kind === "upgrade" ? (
        <Card
          className="max-w-2xl"
          aria-labelledby="upgrade-heading"
          data-testid="plan-change-upgrade"
        >
          <CardTitle id="upgrade-heading" className="mb-4 text-xl">
            {t("upgradeHeading", { plan: planNames.name(preview.to) })}
          </CardTitle>
          <Facts>
            <Fact label={t("currentPlan")}>{planNames.name(preview.from)}</Fact>
            <Fact label={t("newPlan")}>
              {planNames.name(preview.to)}:{" "}
              {t("thenChargedValue", {
                amount: money(preview.to.priceMinor, preview.to.currency),
                interval: t(`interval.${preview.to.billingInterval ?? "MONTH"}`),
              })}
            </Fact>
            <Fact label={t("credit")} testId="plan-change-credit">
              − {money(preview.quote.creditMinor, preview.quote.currency)}
            </Fact>
            <Fact label={t("chargeNow")} testId="plan-change-charge">
              <strong className="text-lg">
                {money(preview.quote.chargeMinor, preview.quote.currency)}
              </strong>
            </Fact>
            <Fact label={t("newPeriod")} testId="plan-change-period">
              {formatDateTime(preview.quote.newPeriod.startsAt, locale)} →{" "}
              {formatDateTime(preview.quote.newPeriod.endsAt, locale)}
            </Fact>
            <Fact label={t("nextRenewal")} testId="plan-change-renewal">
              {t("nextRenewalValue", {
                date: formatDate(preview.quote.nextRenewal.at, locale),
                amount: money(preview.quote.nextRenewal.amountMinor, preview.quote.currency),
              })}
            </Fact>
          </Facts>
          <p className="mt-4 text-sm text-muted">{t("upgradeNote")}</p>
          <form
            method="post"
            action={`/api/subscriptions/${preview.subscription.id}/change-plan`}
            className={FORM_ACTIONS}
          >
            <input type="hidden" name="planCode" value={preview.to.code} />
            <input type="hidden" name="intent" value="upgrade" />
            <input type="hidden" name="confirmedChargeMinor" value={preview.quote.chargeMinor} />
            <Button type="submit" className="whitespace-normal">
              {t("confirmUpgrade", {
                amount: money(preview.quote.chargeMinor, preview.quote.currency),
              })}
            </Button>
            <Button asChild variant="outline">
              <Link href="/account">{t("keepPlan")}</Link>
            </Button>
          </form>
        </Card>
      ) : null}
      {preview?.kind === "downgrade" ? (
        <Card
          className="max-w-2xl"
          aria-labelledby="downgrade-heading"
          data-testid="plan-change-downgrade"
        >
          <CardTitle id="downgrade-heading" className="mb-4 text-xl">
            {t("downgradeHeading", { plan: planNames.name(preview.to) })}
          </CardTitle>
          <Facts>
            <Fact label={t("currentPlan")}>{planNames.name(preview.from)}</Fact>
            <Fact label={t("takesEffect")} testId="plan-change-effective">
              {formatDateTime(preview.effectiveAt, locale)}
            </Fact>
            <Fact label={t("thenCharged")}>
              {t("thenChargedValue", {
                amount: money(preview.amountMinor, preview.to.currency),
                interval: t(`interval.${preview.to.billingInterval ?? "MONTH"}`),
              })}
            </Fact>
          </Facts>
          <p className="mt-4 text-sm text-muted">
            {t("downgradeNote", {
              plan: planNames.name(preview.from),
              date: formatDate(preview.effectiveAt, locale),
            })}
          </p>
          <form
            method="post"
            action={`/api/subscriptions/${preview.subscription.id}/change-plan`}
            className={FORM_ACTIONS}
          >
            <input type="hidden" name="planCode" value={preview.to.code} />
            <input type="hidden" name="intent" value="downgrade" />
            <Button type="submit">{t("confirmDowngrade")}</Button>
            <Button asChild variant="outline">
              <Link href="/account">{t("keepPlan")}</Link>
            </Button>
          </form>
        </Card>
      ) : null}
      <p className="mt-6 flex flex-wrap gap-x-4 gap-y-2">
        <Link href="/account">{t("toAccount")}</Link>
        <Link href="/">{t("toPlans")}</Link>
      </p>
    </>
  );
}
