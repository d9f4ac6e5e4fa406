"use client";
// "Send again": queues one notice for the next sender run and says what happened.
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { resendNoticeAction, type ResendNoticeState } from "./resend-notice-action";

export function ResendNoticeButton({ noticeId }: { noticeId: string }) {
  const t = useTranslations("admin.notices");
  const [state, action, isPending] = useActionState<ResendNoticeState, FormData>(
    resendNoticeAction,
    { kind: "idle" },
  );
  return (
    <form action={action}>
      <input type="hidden" name="noticeId" value={noticeId} />
      <button type="submit" className="secondary" disabled={isPending}>
        {t("resend")}
      </button>
      {state.kind === "done" ? (
        <p role="status" className="notice" data-testid="resend-result">
          {t(`resendResult.${state.result}`)}
        </p>
      ) : null}
    </form>
  );
}
