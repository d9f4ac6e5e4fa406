// A signed-in shopper changes their password: the current one is checked like a sign-in (it counts
// against the same per-email limit, so the form is no way around it), the new one is stored if the
// hash is still the one checked, and every session of the user ends, this one included.
import type { Db } from "@/lib/db/client";
import { findPasswordHash, replacePasswordHash } from "@/lib/db/user-repository";
import { signUpSchema } from "./credentials-schema";
import { hashPassword, verifyPassword } from "./password";
import { claimSignInAttempt, releaseSignInAttempt } from "./sign-in-throttle";

export type PasswordChangeOutcome =
  "changed" | "invalid-new-password" | "wrong-password" | "no-password" | "rate-limited";

export async function changePassword(
  db: Db,
  input: { userId: string; email: string; currentPassword: string; newPassword: string },
  now: Date,
): Promise<PasswordChangeOutcome> {
  if (!signUpSchema.shape.password.safeParse(input.newPassword).success)
    return "invalid-new-password";
  if (input.currentPassword.length === 0 || input.currentPassword.length > 72)
    return "wrong-password";
  if ((await claimSignInAttempt(db, input.email, now)) !== null) return "rate-limited";
  const previousHash = await findPasswordHash(db, input.userId);
  // A LINE Login account has no password to change.
  if (!previousHash) return "no-password";
  if (!(await verifyPassword(input.currentPassword, previousHash))) return "wrong-password";
  await releaseSignInAttempt(db, input.email, now);
  const isReplaced = await replacePasswordHash(db, {
    id: input.userId,
    previousHash,
    passwordHash: await hashPassword(input.newPassword),
  });
  return isReplaced ? "changed" : "wrong-password";
}
