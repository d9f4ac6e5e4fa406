// Password reset requests. Only the token's hash is stored (lib/auth/password-reset-token.ts);
// the email goes through the outbox in the same transaction as the request row, and the reset
// itself (new hash, every session ended, every open request used up) is one transaction.
import { sqlOf, type Db } from "./client";
import { enqueueNotice } from "./notice-outbox";

/**
 * Records a reset request for the account with this email and queues its email. False when no
 * account with a password has the email (the caller answers the same either way).
 */
export async function createPasswordReset(
  db: Db,
  input: { id: string; email: string; tokenHash: string; expiresAt: Date; locale: string },
  now: Date,
): Promise<boolean> {
  return sqlOf(db)
    .transaction()
    .execute(async (tx) => {
      const user = await tx
        .selectFrom("User")
        .select("id")
        .where("email", "=", input.email)
        .where("passwordHash", "is not", null)
        .executeTakeFirst();
      if (!user) return false;
      await tx
        .insertInto("PasswordReset")
        .values({
          id: input.id,
          userId: user.id,
          tokenHash: input.tokenHash,
          expiresAt: input.expiresAt,
          createdAt: now,
        })
        .execute();
      await enqueueNotice(
        tx,
        {
          kind: "password-reset",
          eventId: input.id,
          userId: user.id,
          locale: input.locale,
          payload: { resetId: input.id, expiresAt: input.expiresAt.toISOString() },
        },
        now,
      );
      return true;
    });
}

export interface PasswordResetRecord {
  id: string;
  expiresAt: Date;
  usedAt: Date | null;
}

export async function findPasswordReset(
  db: Db,
  tokenHash: string,
): Promise<PasswordResetRecord | null> {
  const row = await sqlOf(db)
    .selectFrom("PasswordReset")
    .select(["id", "expiresAt", "usedAt"])
    .where("tokenHash", "=", tokenHash)
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Uses the request (if still unused and unexpired at `now`: two submits cannot both win), sets the
 * new password hash, ends every session of the user and uses up their other open requests.
 */
export async function completePasswordReset(
  db: Db,
  input: { tokenHash: string; passwordHash: string },
  now: Date,
): Promise<boolean> {
  return sqlOf(db)
    .transaction()
    .execute(async (tx) => {
      const used = await tx
        .updateTable("PasswordReset")
        .set({ usedAt: now })
        .where("tokenHash", "=", input.tokenHash)
        .where("usedAt", "is", null)
        .where("expiresAt", ">", now)
        .returning("userId")
        .executeTakeFirst();
      if (!used) return false;
      await tx
        .updateTable("User")
        .set((eb) => ({
          passwordHash: input.passwordHash,
          sessionVersion: eb("sessionVersion", "+", 1),
          updatedAt: now,
        }))
        .where("id", "=", used.userId)
        .execute();
      await tx
        .updateTable("PasswordReset")
        .set({ usedAt: now })
        .where("userId", "=", used.userId)
        .where("usedAt", "is", null)
        .execute();
      return true;
    });
}
