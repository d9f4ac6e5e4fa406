"use client";
// "Verify with LINE Pay": settles an UNKNOWN order and any refund whose outcome is unknown from
// LINE Pay's own records, and says what it found.
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { verifyAction, type VerifyState } from "./actions";

export function VerifyButton({ orderId }: { orderId: string }) {
  const t = useTranslations("admin.order.verify");
  const [state, action, isPending] = useActionState<VerifyState, FormData>(verifyAction, {
    kind: "idle",
  });
  return (
    <form action={action}>
      <input type="hidden" name="orderId" value={orderId} />
      <button type="submit" className="secondary" disabled={isPending}>
        {isPending ? t("running") : t("button")}
      </button>
      {state.kind === "done" ? (
        <p role="status" className="notice" data-testid="verify-result">
          {t("done", {
            status: state.status,
            checked: state.checked,
            succeeded: state.succeeded,
            failed: state.failed,
          })}
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
