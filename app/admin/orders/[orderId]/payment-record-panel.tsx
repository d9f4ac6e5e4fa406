"use client";
// LINE Pay's own record of the payment, fetched only when asked (it is a call to LINE Pay).
import { useActionState } from "react";
import { useLocale, useTranslations } from "next-intl";
import { formatMoney } from "@/lib/billing/money";
import { paymentRecordAction, type PaymentRecordState } from "./actions";
import { Facts } from "../../_components/admin-ui";
import { Alert } from "../../../_components/ui/alert";
import { Button } from "../../../_components/ui/button";
import { Card, CardTitle } from "../../../_components/ui/card";

export function PaymentRecordPanel({ orderId }: { orderId: string }) {
  const t = useTranslations("admin.order.lineRecord");
  const locale = useLocale();
  const [state, action, isPending] = useActionState<PaymentRecordState, FormData>(
    paymentRecordAction,
    { kind: "idle" },
  );
  const money = (minor: number, currency: string | null) =>
    currency ? formatMoney(minor, currency, locale) : String(minor);
  return (
    <Card aria-labelledby="line-record-heading" className="mt-4">
      <CardTitle id="line-record-heading">{t("heading")}</CardTitle>
      <form action={action}>
        <input type="hidden" name="orderId" value={orderId} />
        <Button type="submit" variant="secondary" disabled={isPending}>
          {isPending ? t("loading") : t("button")}
        </Button>
      </form>
      {state.kind === "found" ? (
        <div data-testid="line-record" className="mt-4">
          <Facts>
            <dt>{t("transactionId")}</dt>
            <dd>{state.record.transactionId}</dd>
            <dt>{t("orderId")}</dt>
            <dd>{state.record.orderId ?? "—"}</dd>
            <dt>{t("payStatus")}</dt>
            <dd>{state.record.payStatus ?? "—"}</dd>
            <dt>{t("date")}</dt>
            <dd>{state.record.transactionDate}</dd>
            <dt>{t("paid")}</dt>
            <dd>{money(state.record.paidMinor, state.record.currency)}</dd>
            <dt>{t("refunds")}</dt>
            <dd>
              {state.record.refunds.length === 0 ? (
                "—"
              ) : (
                <ul className="my-0">
                  {state.record.refunds.map((r) => (
                    <li key={r.refundTransactionId}>
                      {money(r.amountMinor, state.record.currency)} · {r.type} ·{" "}
                      {r.refundTransactionId} · {r.date}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </Facts>
        </div>
      ) : null}
      {state.kind === "missing" ? (
        <Alert role="status" tone="warn">
          {t(`missing.${state.key}`)}
        </Alert>
      ) : null}
      {state.kind === "failed" ? (
        <Alert role="alert" tone="danger">
          {t("failed", { detail: state.detail })}
        </Alert>
      ) : null}
    </Card>
  );
}
