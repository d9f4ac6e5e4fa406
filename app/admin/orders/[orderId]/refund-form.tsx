"use client";
// Refund form. The idempotency key is fixed when the page renders: pressing the button twice, or
// re-sending the form, finds the first refund instead of refunding again. After a refund the page
// re-renders with a fresh key and fresh fields, while the result message stays on screen.
import { useActionState } from "react";
import { useLocale, useTranslations } from "next-intl";
import { formatMoney } from "@/lib/billing/money";
import { refundAction, type RefundFormState } from "./actions";

interface Props {
  orderId: string;
  idempotencyKey: string;
  currency: string;
  refundableText: string;
  defaultAmount: string;
  /** Changes when the order's money changes: the fields then start again from the new amounts. */
  fieldsKey: string;
  isDisabled: boolean;
}

export function RefundForm({
  orderId,
  idempotencyKey,
  currency,
  refundableText,
  defaultAmount,
  fieldsKey,
  isDisabled,
}: Props) {
  const t = useTranslations("admin.order.refund");
  const [state, action, isPending] = useActionState<RefundFormState, FormData>(refundAction, {
    kind: "idle",
  });
  return (
    <form
      action={action}
      className="stack"
      aria-labelledby="refund-heading"
      data-testid="refund-form"
    >
      <h3 id="refund-heading">{t("heading")}</h3>
      <p className="muted">{t("refundable", { amount: refundableText })}</p>
      <p className="muted" data-testid="refund-time-rule">
        {t("timeRule")}
      </p>
      <input type="hidden" name="orderId" value={orderId} />
      <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
      <fieldset key={fieldsKey} className="stack" disabled={isDisabled}>
        <legend className="visually-hidden">{t("heading")}</legend>
        <label>
          {t("amount", { currency })}
          <input
            name="amount"
            required
            inputMode="decimal"
            defaultValue={defaultAmount}
            autoComplete="off"
          />
        </label>
        <label>
          {t("reason")}
          <textarea name="reason" required minLength={3} maxLength={500} rows={2} />
        </label>
        <button type="submit" disabled={isPending}>
          {isPending ? t("submitting") : t("submit")}
        </button>
      </fieldset>
      <RefundResult state={state} currency={currency} />
    </form>
  );
}

function RefundResult({ state, currency }: { state: RefundFormState; currency: string }) {
  const t = useTranslations("admin.order.refund.result");
  const locale = useLocale();
  if (state.kind === "idle") return null;
  const [tone, text] = ((): [string, string] => {
    switch (state.kind) {
      case "succeeded":
        return ["success", t("succeeded")];
      case "replayed":
        return ["warn", t("replayed", { status: state.status })];
      case "unknown":
        return ["warn", t("unknown", { detail: state.detail })];
      case "failed":
        return ["danger", t("failed", { detail: state.detail })];
      case "refused":
        return [
          "danger",
          t(`refused.${state.key}`, {
            refundable: formatMoney(state.refundableMinor ?? 0, currency, locale),
          }),
        ];
      case "invalid":
        return [
          "danger",
          t(`invalid.${state.key}`, { currency: state.currency ?? "", detail: state.detail ?? "" }),
        ];
    }
  })();
  return (
    <p role="status" className={`notice ${tone}`} data-testid="refund-result">
      {text}
    </p>
  );
}
