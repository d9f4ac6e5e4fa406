// "Forgot password": a visitor asks for a reset link by email, and with the link chooses a new
// password. The answer to a request is the same whether or not the email has an account (nothing
// tells anyone which emails are registered); the per-IP limit is the only refusal a visitor sees,
// and the per-email limit quietly drops requests past it. The link is single-use and expires.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import {
  completePasswordReset,
  createPasswordReset,
  findPasswordReset,
} from "@/lib/db/password-reset-repository";
import { RATE_LIMITS } from "@/lib/security/rate-limit-rules";
import { consumeRateLimit } from "@/lib/security/rate-limiter";
import { signUpSchema } from "./credentials-schema";
import { hashPassword } from "./password";
import {
  hashPasswordResetToken,
  isWellFormedResetToken,
  passwordResetToken,
} from "./password-reset-token";

/** How long a reset link works. */
export const PASSWORD_RESET_TTL_MS = 30 * 60 * 1000;

const emailSchema = signUpSchema.shape.email;

export type ResetRequestOutcome =
  /** The visitor's answer is the same either way; `mailQueued` is for the server alone. */
  | { kind: "accepted"; mailQueued: boolean }
  | { kind: "invalid-email" }
  | { kind: "rate-limited"; retryAfterSeconds: number };

export async function requestPasswordReset(
  db: Db,
  input: { email: unknown; locale: string; clientAddress: string },
  options: { now: Date; secret: string },
): Promise<ResetRequestOutcome> {
  const email = emailSchema.safeParse(input.email);
  if (!email.success) return { kind: "invalid-email" };
  const { now } = options;
  const perIp = await consumeRateLimit(
    db,
    RATE_LIMITS.passwordResetPerIp,
    input.clientAddress,
    now,
  );
  if (!perIp.isAllowed) return { kind: "rate-limited", retryAfterSeconds: perIp.retryAfterSeconds };
  const perEmail = await consumeRateLimit(db, RATE_LIMITS.passwordResetPerEmail, email.data, now);
  if (!perEmail.isAllowed) return { kind: "accepted", mailQueued: false };
  const id = randomUUID();
  const mailQueued = await createPasswordReset(
    db,
    {
      id,
      email: email.data,
      tokenHash: hashPasswordResetToken(passwordResetToken(id, options.secret)),
      expiresAt: new Date(now.getTime() + PASSWORD_RESET_TTL_MS),
      locale: input.locale,
    },
    now,
  );
  return { kind: "accepted", mailQueued };
}

/** What a reset link is worth now: "usable", or why not (forged or mistyped links are "unknown"). */
export type ResetLinkState = "usable" | "used" | "expired" | "unknown";

export async function checkPasswordResetLink(
  db: Db,
  token: unknown,
  now: Date,
): Promise<ResetLinkState> {
  if (!isWellFormedResetToken(token)) return "unknown";
  const reset = await findPasswordReset(db, hashPasswordResetToken(token));
  if (!reset) return "unknown";
  if (reset.usedAt) return "used";
  return reset.expiresAt.getTime() > now.getTime() ? "usable" : "expired";
}

export type ResetOutcome = "reset" | "invalid-new-password" | Exclude<ResetLinkState, "usable">;

const newPasswordSchema = z.string().pipe(signUpSchema.shape.password);

/** Sets the new password (the sign-up rules) and ends every session of the account. */
export async function resetPassword(
  db: Db,
  input: { token: unknown; newPassword: unknown },
  now: Date,
): Promise<ResetOutcome> {
  const state = await checkPasswordResetLink(db, input.token, now);
  if (state !== "usable") return state;
  const password = newPasswordSchema.safeParse(input.newPassword);
  if (!password.success) return "invalid-new-password";
  const isDone = await completePasswordReset(
    db,
    {
      tokenHash: hashPasswordResetToken(input.token as string),
      passwordHash: await hashPassword(password.data),
    },
    now,
  );
  // Not done: another submit of the same link won the race.
  return isDone ? "reset" : "used";
}
