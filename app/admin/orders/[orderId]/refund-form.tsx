"use client";
// Refund form, in two steps that work without JavaScript: the admin types an amount (nothing is
// filled in for them) and a reason, then confirms the amount shown in words. The idempotency key is
// fixed when the page renders: pressing the button twice, or re-sending the form, finds the first
// refund instead of refunding again. After a refund the page re-renders with a fresh key and fresh
// fields, while the result message stays on screen; after a refusal the typed fields stay.
// SinoPac orders (isManual): nothing is sent; the admin confirms they refunded it in SinoPac's
// merchant portal and the form records it (reason required, the portal's reference optional).
import { useActionState } from "react";
import { useLocale, useTranslations } from "next-intl";
import { formatMoney } from "@/lib/billing/money";
import { refundAction, type RefundFields, type RefundFormState } from "./actions";
import { Alert } from "../../../_components/ui/alert";
import { Button } from "../../../_components/ui/button";
import { Field, Input, Textarea } from "../../../_components/ui/field";

interface Props {
  orderId: string;
  idempotencyKey: string;
  currency: string;
  refundableText: string;
  /** Changes when the order's money changes: the fields then start again from the new amounts. */
  fieldsKey: string;
  isDisabled: boolean;
  /** Refunds of this order are made in the provider's portal and recorded here. */
  isManual: boolean;
}

export function RefundForm({
  orderId,
  idempotencyKey,
  currency,
  refundableText,
  fieldsKey,
  isDisabled,
  isManual,
}: Props) {
  const t = useTranslations("admin.order.refund");
  const locale = useLocale();
  const [state, action, isPending] = useActionState<RefundFormState, FormData>(refundAction, {
    kind: "idle",
  });
  const fields = "fields" in state ? state.fields : undefined;
  return (
    <form
      action={action}
      className="grid max-w-xl gap-3"
      aria-labelledby="refund-heading"
      data-testid="refund-form"
    >
      <h3 id="refund-heading" className="my-0">
        {t("heading")}
      </h3>
      <p className="my-0 text-muted">{t("refundable", { amount: refundableText })}</p>
      <p className="my-0 text-sm text-muted" data-testid="refund-time-rule">
        {t("timeRule")}
      </p>
      {isManual ? (
        <Alert tone="warn" className="my-0" data-testid="refund-manual-note">
          {t("manual.note")}
        </Alert>
      ) : null}
      <input type="hidden" name="orderId" value={orderId} />
      {state.kind === "confirm" ? (
        <Alert tone="danger" className="my-0 grid gap-2" data-testid="refund-confirm">
          <input type="hidden" name="idempotencyKey" value={state.idempotencyKey} />
          <input type="hidden" name="amount" value={state.fields.amount} />
          <input type="hidden" name="reason" value={state.fields.reason} />
          {isManual ? (
            <>
              <input type="hidden" name="refundedInPortal" value="yes" />
              <input type="hidden" name="portalReference" value={state.fields.portalReference} />
            </>
          ) : null}
          <strong className="text-danger">
            {t(isManual ? "manual.confirmHeading" : "confirm.heading")}
          </strong>
          <p className="my-0">
            {t(isManual ? "manual.summary" : "confirm.summary", {
              amount: formatMoney(state.amountMinor, currency, locale),
              orderId,
            })}
          </p>
          <p className="my-0">{t("confirm.reason", { reason: state.fields.reason })}</p>
          {isManual ? (
            <p className="my-0">
              {t("manual.referenceSummary", {
                reference: state.fields.portalReference || t("manual.noReference"),
              })}
            </p>
          ) : null}
          <div className="mt-1 flex flex-wrap items-center gap-3">
            <Button type="submit" name="step" value="confirm" variant="danger" disabled={isPending}>
              {isPending
                ? t("submitting")
                : t(isManual ? "manual.submit" : "confirm.submit", {
                    amount: formatMoney(state.amountMinor, currency, locale),
                  })}
            </Button>
            <Button type="submit" name="step" value="edit" variant="outline">
              {t("confirm.change")}
            </Button>
          </div>
        </Alert>
      ) : (
        <>
          <input type="hidden" name="idempotencyKey" value={idempotencyKey} />
          <fieldset key={fieldsKey} className="m-0 grid gap-3 border-0 p-0" disabled={isDisabled}>
            <legend className="sr-only">{t("heading")}</legend>
            <Field>
              {t("amount", { currency })}
              <Input
                name="amount"
                required
                inputMode="decimal"
                defaultValue={fields?.amount ?? ""}
                placeholder={t("amountHint", { amount: refundableText })}
                autoComplete="off"
              />
            </Field>
            <Field>
              {t("reason")}
              <Textarea
                name="reason"
                required
                minLength={3}
                maxLength={500}
                rows={2}
                defaultValue={fields?.reason ?? ""}
              />
            </Field>
            {isManual ? <ManualFields fields={fields} /> : null}
            <div>
              <Button
                type="submit"
                name="step"
                value="review"
                variant="outline"
                className="border-danger-line text-danger hover:bg-danger-soft"
                disabled={isPending}
              >
                {t("review")}
              </Button>
            </div>
          </fieldset>
        </>
      )}
      <RefundResult state={state} currency={currency} />
    </form>
  );
}

function ManualFields({ fields }: { fields: RefundFields | undefined }) {
  const t = useTranslations("admin.order.refund.manual");
  return (
    <>
      <Field>
        {t("reference")}
        <Input
          name="portalReference"
          maxLength={100}
          defaultValue={fields?.portalReference ?? ""}
          autoComplete="off"
        />
      </Field>
      <label className="flex items-center gap-2 font-normal">
        <input
          className="size-4 accent-brand"
          type="checkbox"
          name="refundedInPortal"
          value="yes"
          required
          defaultChecked={fields?.refundedInPortal ?? false}
        />
        {t("attest")}
      </label>
    </>
  );
}

function RefundResult({ state, currency }: { state: RefundFormState; currency: string }) {
  const t = useTranslations("admin.order.refund.result");
  const locale = useLocale();
  if (state.kind === "idle" || state.kind === "confirm") return null;
  const [tone, text] = ((): ["success" | "warn" | "danger", string] => {
    switch (state.kind) {
      case "succeeded":
        return ["success", t("succeeded")];
      case "recorded":
        return ["success", t("recorded")];
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
    <Alert role="status" tone={tone} className="my-0" data-testid="refund-result">
      {text}
    </Alert>
  );
}
