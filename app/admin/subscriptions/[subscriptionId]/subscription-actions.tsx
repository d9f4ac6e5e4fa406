"use client";
// The admin's subscription actions: pick one, give a reason, apply. Cancel now and regKey expiry
// first say what they do and wait for a second press (a two-step form that works without
// JavaScript). The result is announced; after a refusal the choice and reason stay.
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { subscriptionAction, type SubscriptionActionState } from "./actions";
import { Alert } from "../../../_components/ui/alert";
import { Button } from "../../../_components/ui/button";
import { Field, Select, Textarea } from "../../../_components/ui/field";

const FORM_CLASS = "grid max-w-xl gap-3";

export function SubscriptionActions({
  subscriptionId,
  allowed,
}: {
  subscriptionId: string;
  allowed: string[];
}) {
  const t = useTranslations("admin.subscription.actions");
  const [state, action, isPending] = useActionState<SubscriptionActionState, FormData>(
    subscriptionAction,
    { kind: "idle" },
  );
  const fields = "fields" in state ? state.fields : undefined;
  // The result stays on screen even when the action leaves nothing else to do (e.g. cancel now).
  const result =
    state.kind !== "idle" && state.kind !== "confirm" ? (
      <Alert
        role="status"
        tone={state.kind === "done" ? "success" : "warn"}
        className="my-0"
        data-testid="subscription-action-result"
      >
        {t(`result.${state.kind}`, { status: state.status ?? "" })}
      </Alert>
    ) : null;
  if (allowed.length === 0)
    return (
      <>
        {result}
        <p className="text-muted">{t("none")}</p>
      </>
    );
  if (state.kind === "confirm")
    return (
      <form action={action} className={FORM_CLASS} data-testid="subscription-actions">
        <input type="hidden" name="subscriptionId" value={subscriptionId} />
        <input type="hidden" name="action" value={state.fields.action} />
        <input type="hidden" name="reason" value={state.fields.reason} />
        {/* Only cancel now and regKey expiry come here: both cannot be undone. */}
        <Alert tone="danger" className="my-0 grid gap-2" data-testid="subscription-action-confirm">
          <strong className="text-danger">{t(`kinds.${state.fields.action}`)}</strong>
          <p className="my-0">{t(`confirm.${state.fields.action}`)}</p>
          <p className="my-0">{t("confirm.reason", { reason: state.fields.reason })}</p>
          <div className="mt-1 flex flex-wrap items-center gap-3">
            <Button type="submit" name="step" value="confirm" variant="danger" disabled={isPending}>
              {isPending ? t("working") : t("confirm.submit")}
            </Button>
            <Button type="submit" name="step" value="edit" variant="outline">
              {t("confirm.change")}
            </Button>
          </div>
        </Alert>
      </form>
    );
  const chosen = fields && allowed.includes(fields.action) ? fields.action : allowed[0];
  return (
    <form action={action} className={FORM_CLASS} data-testid="subscription-actions">
      <input type="hidden" name="subscriptionId" value={subscriptionId} />
      <Field>
        {t("action")}
        <Select name="action" required defaultValue={chosen}>
          {allowed.map((key) => (
            <option key={key} value={key}>
              {t(`kinds.${key}`)}
            </option>
          ))}
        </Select>
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
      <div>
        <Button type="submit" name="step" value="review" disabled={isPending}>
          {isPending ? t("working") : t("submit")}
        </Button>
      </div>
      {result}
    </form>
  );
}
