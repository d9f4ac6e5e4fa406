"use client";
// "Verify with LINE Pay": settles an UNKNOWN order and any refund whose outcome is unknown from
// LINE Pay's own records, and says what it found.
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { verifyAction, type VerifyState } from "./actions";
import { Alert } from "../../../_components/ui/alert";
import { Button } from "../../../_components/ui/button";

export function VerifyButton({ orderId }: { orderId: string }) {
  const t = useTranslations("admin.order.verify");
  const [state, action, isPending] = useActionState<VerifyState, FormData>(verifyAction, {
    kind: "idle",
  });
  return (
    <form action={action} className="border-t border-line pt-4">
      <input type="hidden" name="orderId" value={orderId} />
      <Button type="submit" variant="secondary" disabled={isPending}>
        {isPending ? t("running") : t("button")}
      </Button>
      {state.kind === "done" ? (
        <Alert role="status" tone="info" data-testid="verify-result">
          {t("done", {
            status: state.status,
            checked: state.checked,
            succeeded: state.succeeded,
            failed: state.failed,
          })}
        </Alert>
      ) : null}
      {state.kind === "failed" ? (
        <Alert role="alert" tone="danger">
          {t(`failed.${state.key}`, { detail: state.detail ?? "" })}
        </Alert>
      ) : null}
    </form>
  );
}
