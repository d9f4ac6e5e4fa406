"use client";
// Capture or void an authorization (manual-capture plans), with a reason for the audit log.
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { authorizationAction, type AuthorizationState } from "./actions";
import { Alert } from "../../../_components/ui/alert";
import { Button } from "../../../_components/ui/button";
import { Field, Textarea } from "../../../_components/ui/field";

export function AuthorizationActions({ orderId, isOpen }: { orderId: string; isOpen: boolean }) {
  const t = useTranslations("admin.order.authorization");
  const [state, action, isPending] = useActionState<AuthorizationState, FormData>(
    authorizationAction,
    { kind: "idle" },
  );
  return (
    <form
      action={action}
      className="grid max-w-xl gap-3 border-t border-line pt-4"
      aria-labelledby="authorization-heading"
      data-testid="authorization-form"
    >
      <h3 id="authorization-heading" className="my-0">
        {t("heading")}
      </h3>
      <input type="hidden" name="orderId" value={orderId} />
      <fieldset className="m-0 grid gap-3 border-0 p-0" disabled={!isOpen || isPending}>
        <legend className="sr-only">{t("heading")}</legend>
        <Field>
          {t("reason")}
          <Textarea name="reason" required minLength={3} maxLength={500} rows={2} />
        </Field>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" name="action" value="capture">
            {t("capture")}
          </Button>
          <Button type="submit" name="action" value="void" variant="outline">
            {t("void")}
          </Button>
        </div>
      </fieldset>
      {state.kind !== "idle" ? (
        <Alert
          role="status"
          tone={state.kind === "done" ? "success" : "warn"}
          className="my-0"
          data-testid="authorization-result"
        >
          {t(`result.${state.kind}`, {
            status: "status" in state ? state.status : "",
            detail: "detail" in state ? state.detail : "",
          })}
        </Alert>
      ) : null}
    </form>
  );
}
