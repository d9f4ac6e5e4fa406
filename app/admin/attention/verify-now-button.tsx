"use client";
// "Verify now": asks LINE Pay about one open order and says what it found.
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { verifyNowAction, type VerifyNowState } from "./actions";
import { Alert } from "../../_components/ui/alert";
import { Button } from "../../_components/ui/button";

export function VerifyNowButton({ orderId }: { orderId: string }) {
  const t = useTranslations("admin.attention.verify");
  const [state, action, isPending] = useActionState<VerifyNowState, FormData>(verifyNowAction, {
    kind: "idle",
  });
  return (
    <form action={action}>
      <input type="hidden" name="orderId" value={orderId} />
      <Button
        type="submit"
        variant="outline"
        size="sm"
        disabled={isPending}
        aria-label={t("label", { orderId })}
      >
        {isPending ? t("running") : t("button")}
      </Button>
      {state.kind === "done" ? (
        <Alert
          role="status"
          tone="info"
          className="my-2 max-w-80 text-sm whitespace-normal"
          data-testid="verify-now-result"
        >
          {t(`result.${state.result}`, { detail: state.detail })}
        </Alert>
      ) : null}
      {state.kind === "failed" ? (
        <Alert role="alert" tone="danger" className="my-2 max-w-80 text-sm whitespace-normal">
          {t(`failed.${state.key}`, { detail: state.detail ?? "" })}
        </Alert>
      ) : null}
    </form>
  );
}
