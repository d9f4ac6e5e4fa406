"use server";
// Server action behind the "forgot password" form: the same answer for every well-formed email
// (lib/auth/password-reset.ts); only this address asking too often is told to wait.
import { getLocale } from "next-intl/server";
import { requestPasswordReset } from "@/lib/auth/password-reset";
import { getEnv } from "@/lib/env";
import { actionClientAddress } from "@/lib/server/action-client";
import { getAppClock } from "@/lib/server/app-clock";
import { getAppDb } from "@/lib/server/app-db";
import { sendNoticesSoon } from "@/lib/server/send-notices-soon";
import type { ForgotPasswordState } from "./form-state";

export async function requestPasswordResetAction(
  _previous: ForgotPasswordState,
  form: FormData,
): Promise<ForgotPasswordState> {
  const now = (await getAppClock())();
  const outcome = await requestPasswordReset(
    getAppDb(),
    {
      email: form.get("email"),
      locale: await getLocale(),
      clientAddress: await actionClientAddress(),
    },
    { now, secret: getEnv().NEXTAUTH_SECRET },
  );
  if (outcome.kind === "accepted") {
    // The run starts after the answer has gone out, so the answer's timing tells nothing; and only
    // for a queued mail, so an unknown email moves nothing else in the outbox.
    if (outcome.mailQueued) sendNoticesSoon("password reset");
    return { kind: "sent" };
  }
  if (outcome.kind === "invalid-email") return { kind: "error", error: "invalidEmail" };
  return {
    kind: "error",
    error: "rateLimited",
    minutes: Math.max(1, Math.ceil(outcome.retryAfterSeconds / 60)),
  };
}
