"use client";
// "Send again": queues one notice for the next sender run and says what happened.
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { resendNoticeAction, type ResendNoticeState } from "./resend-notice-action";
import { Alert } from "../../_components/ui/alert";
import { Button } from "../../_components/ui/button";

export function ResendNoticeButton({ noticeId }: { noticeId: string }) {
  const t = useTranslations("admin.notices");
  const [state, action, isPending] = useActionState<ResendNoticeState, FormData>(
    resendNoticeAction,
    { kind: "idle" },
  );
  return (
    <form action={action}>
      <input type="hidden" name="noticeId" value={noticeId} />
      <Button type="submit" variant="outline" size="sm" disabled={isPending}>
        {t("resend")}
      </Button>
      {state.kind === "done" ? (
        <Alert
          role="status"
          tone="info"
          className="my-2 max-w-80 text-sm whitespace-normal"
          data-testid="resend-result"
        >
          {t(`resendResult.${state.result}`)}
        </Alert>
      ) : null}
    </form>
  );
}
