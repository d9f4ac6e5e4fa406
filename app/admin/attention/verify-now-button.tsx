"use client";
// "Verify now": asks LINE Pay about one open order and says what it found.
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { verifyNowAction, type VerifyNowState } from "./actions";

export function VerifyNowButton({ orderId }: { orderId: string }) {
  const t = useTranslations("admin.attention.verify");
  const [state, action, isPending] = useActionState<VerifyNowState, FormData>(verifyNowAction, {
    kind: "idle",
  });
  return (
    <form action={action}>
      <input type="hidden" name="orderId" value={orderId} />
      <button
        type="submit"
        className="secondary"
        disabled={isPending}
        aria-label={t("label", { orderId })}
      >
        {isPending ? t("running") : t("button")}
      </button>
      {state.kind === "done" ? (
        <p role="status" className="notice" data-testid="verify-now-result">
          {t(`result.${state.result}`, { detail: state.detail })}
        </p>
      ) : null}
      {state.kind === "failed" ? (
        <p role="alert" className="notice danger">
          {t(`failed.${state.key}`, { detail: state.detail ?? "" })}
        </p>
      ) : null}
    </form>
  );
}
