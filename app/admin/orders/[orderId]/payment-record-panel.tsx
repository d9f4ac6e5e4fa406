"use client";
// LINE Pay's own record of the payment, fetched only when asked (it is a call to LINE Pay).
import { useActionState } from "react";
import { useLocale, useTranslations } from "next-intl";
import { formatMoney } from "@/lib/billing/money";
import { paymentRecordAction, type PaymentRecordState } from "./actions";

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
    <section className="card" aria-labelledby="line-record-heading">
      <h2 id="line-record-heading">{t("heading")}</h2>
      <form action={action}>
        <input type="hidden" name="orderId" value={orderId} />
        <button type="submit" className="secondary" disabled={isPending}>
          {isPending ? t("loading") : t("button")}
        </button>
      </form>
      {state.kind === "found" ? (
        <div data-testid="line-record">
          <dl className="facts">
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
                <ul>
                  {state.record.refunds.map((r) => (
                    <li key={r.refundTransactionId}>
                      {money(r.amountMinor, state.record.currency)} · {r.type} ·{" "}
                      {r.refundTransactionId} · {r.date}
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </dl>
        </div>
      ) : null}
      {state.kind === "missing" ? (
        <p role="status" className="notice warn">
          {t(`missing.${state.key}`)}
        </p>
      ) : null}
      {state.kind === "failed" ? (
        <p role="alert" className="notice danger">
          {t("failed", { detail: state.detail })}
        </p>
      ) : null}
    </section>
  );
}
