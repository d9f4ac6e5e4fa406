// One subscription on the account page: state, period, next charge, every period and attempt,
// and the actions its state allows.
import { periodNumber } from "@/lib/billing/period-number";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { formatMoney } from "@/lib/billing/money";
import { nextPeriodStart } from "@/lib/billing/vip-timeline";
import { findPlanById } from "@/lib/db/plan-repository";
import { getAppDb } from "@/lib/server/app-db";
import type { SubscriptionView } from "@/lib/db/subscription-repository";
import { formatDate } from "@/lib/i18n/format-date";
import { explainSubscriptionStatus } from "@/lib/subscriptions/explain-subscription";
import { getAppDeps } from "@/lib/server/app-deps";
import { DataTable } from "../_components/data-table";
import { getPlanNames } from "../_components/plan-names";
import { StatusBadge } from "../_components/status-badge";
import { statusTone } from "../_components/status-tone";
import { Button } from "../_components/ui/button";
import { Card } from "../_components/ui/card";
import { cn } from "../_components/ui/cn";
import { Fact, Facts } from "../_components/ui/facts";
import { RebindOffer } from "./rebind-offer";

type History = Array<{
  id: string;
  periodIndex: number;
  startsAt: Date;
  endsAt: Date;
  status: string;
  amountMinor: number;
  currency: string;
  paidByOrderId: string | null;
  attempts: Array<{
    id: string;
    attemptNumber: number;
    status: string;
    returnCode: string | null;
    createdAt: Date;
  }>;
}>;

function ActionButton({
  subscriptionId,
  action,
  label,
  secondary,
}: {
  subscriptionId: string;
  action: string;
  label: string;
  secondary?: boolean;
}) {
  return (
    <form method="post" action={`/api/subscriptions/${subscriptionId}/${action}`}>
      <Button type="submit" variant={secondary ? "outline" : "primary"}>
        {label}
      </Button>
    </form>
  );
}

export async function SubscriptionCard({
  subscription: s,
  history,
  allPeriodsHref,
  now,
}: {
  subscription: SubscriptionView;
  /** The most recent periods, newest first. */
  history: History;
  /** Where all the periods are listed, when `history` leaves older ones out. */
  allPeriodsHref: string | null;
  now: Date;
}) {
  const { timeZone } = (await getAppDeps()).policy;
  const [locale, t, tShop, planNames] = await Promise.all([
    getLocale(),
    getTranslations("shop.subscription"),
    getTranslations("shop"),
    getPlanNames(),
  ]);
  const day = (d: Date | null) => formatDate(d, locale);
  // A scheduled downgrade is what the next renewal charges.
  const pendingPlan = s.pendingPlanId ? await findPlanById(getAppDb(), s.pendingPlanId) : null;
  const price = formatMoney(s.pendingAmountMinor ?? s.amountMinor, s.currency, locale);
  // Cancelled but paid up: it still runs, so say when it ends rather than "cancelled".
  const isEnding = s.status === "CANCELED" && s.currentPeriodEnd && s.currentPeriodEnd > now;
  return (
    <Card className="p-4 sm:p-5" aria-labelledby={`sub-${s.id}`} data-testid="subscription">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id={`sub-${s.id}`} className="my-0 text-xl">
          {planNames.name(s.plan)}
        </h3>
        <StatusBadge
          kind="subscription"
          status={s.status}
          tone={isEnding ? "warn" : undefined}
          testId="subscription-status"
        >
          {isEnding
            ? tShop("status.subscriptionEndsOn", { date: day(s.currentPeriodEnd) })
            : tShop(`status.subscription.${s.status}`)}
        </StatusBadge>
      </div>
      <p className="mt-2 mb-4 text-muted">{tShop(explainSubscriptionStatus(s.status))}</p>
      <Facts>
        <Fact label={t("currentPeriod")} testId="subscription-period">
          {day(s.currentPeriodStart)} → {day(s.currentPeriodEnd)}
        </Fact>
        {s.status === "ACTIVE" ? (
          <Fact label={t("nextCharge")} testId="next-charge">
            {t("nextChargeValue", {
              // The next period may start after this one ends (time bought in between).
              date: day(nextPeriodStart(s, timeZone) ?? s.currentPeriodEnd),
              amount: price,
            })}
          </Fact>
        ) : null}
        {pendingPlan && s.pendingAmountMinor !== null && s.pendingInterval ? (
          <Fact label={t("pendingChange")} testId="pending-change">
            {t("pendingChangeValue", {
              plan: planNames.name(pendingPlan),
              date: day(s.pendingChangeAt),
              amount: formatMoney(s.pendingAmountMinor, s.currency, locale),
              interval: tShop(`planChange.interval.${s.pendingInterval}`),
            })}
          </Fact>
        ) : null}
        {s.status === "PAST_DUE" ? (
          <Fact label={t("nextRetry")} testId="next-retry">
            {t("nextRetryValue", { date: day(s.nextActionAt), graceDate: day(s.graceUntil) })}
          </Fact>
        ) : null}
        {s.regKeyHint ? <Fact label={t("authorization")}>{t("authorizationApproved")}</Fact> : null}
      </Facts>
      {s.status === "NEEDS_REBIND" ? <RebindOffer subscription={s} now={now} /> : null}
      {/* A div, not a p: each action is a form, and a form inside a p is invalid HTML. */}
      <div className="my-4 flex flex-wrap items-center gap-3" data-testid="subscription-actions">
        {s.status === "ACTIVE" && pendingPlan ? (
          <ActionButton subscriptionId={s.id} action="cancel-change" label={t("keepPlan")} />
        ) : null}
        {s.status === "ACTIVE" && !pendingPlan ? (
          <Button asChild>
            <Link href="/#plans">{t("changePlan")}</Link>
          </Button>
        ) : null}
        {s.status === "ACTIVE" ? (
          <ActionButton
            subscriptionId={s.id}
            action="cancel"
            label={t("cancelAtPeriodEnd")}
            secondary
          />
        ) : null}
        {s.status === "CANCELED" ? (
          <ActionButton subscriptionId={s.id} action="resume" label={t("resume")} />
        ) : null}
        {s.status === "NEEDS_REBIND" ? (
          <ActionButton subscriptionId={s.id} action="rebind" label={t("rebind")} />
        ) : null}
        {s.status === "PAST_DUE" || s.status === "NEEDS_REBIND" ? (
          <ActionButton
            subscriptionId={s.id}
            action="cancel"
            label={
              s.currentPeriodEnd && s.currentPeriodEnd > now
                ? t("cancelAtPeriodEnd")
                : t("cancelNow")
            }
            secondary
          />
        ) : null}
      </div>
      <DataTable
        caption={t("paymentsCaption")}
        rowTestId="subscription-period-row"
        rows={history}
        rowKey={(p) => p.id}
        columns={[
          {
            key: "period",
            header: t("columns.period"),
            // On a phone the dates say which period it is; the number steps aside for them.
            hideBelow: "sm",
            cell: (p) => periodNumber(p.periodIndex),
          },
          {
            key: "status",
            header: t("columns.status"),
            isKey: true,
            cell: (p) => (
              <StatusBadge kind="period" status={p.status}>
                {tShop(`status.period.${p.status}`)}
              </StatusBadge>
            ),
          },
          {
            key: "amount",
            header: t("columns.amount"),
            isKey: true,
            align: "end",
            cell: (p) => formatMoney(p.amountMinor, p.currency, locale),
          },
          {
            key: "dates",
            header: t("columns.dates"),
            cell: (p) => (
              <>
                {day(p.startsAt)} → {day(p.endsAt)}
              </>
            ),
          },
          {
            key: "attempts",
            header: t("columns.attempts"),
            cell: (p) => (
              <>
                {p.paidByOrderId ? t("paidAtCheckout") : null}
                {p.attempts.map((a) => (
                  <div
                    key={a.id}
                    data-testid="charge-attempt"
                    data-status={a.status}
                    className={cn(statusTone("attempt", a.status) === "danger" && "text-danger")}
                  >
                    {t("attempt", {
                      number: a.attemptNumber,
                      date: day(a.createdAt),
                      outcome: tShop(`status.attempt.${a.status}`),
                    })}
                  </div>
                ))}
              </>
            ),
          },
        ]}
      />
      {allPeriodsHref ? (
        <p className="mt-3 mb-0">
          <Link href={allPeriodsHref} data-testid="all-periods">
            {t("allPeriods")}
          </Link>
        </p>
      ) : null}
    </Card>
  );
}
