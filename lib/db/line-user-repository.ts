// The account a LINE sign-in lands on. By LINE user id first; else an existing shopper account with
// the same email when LINE vouches for the address (the caller passes only such an email), which
// gains the LINE id instead of failing on the unique email; else a new account of its own.
// Never linked: an admin account (a LINE account must not open the back office) and an account
// already linked to another LINE user.
import { randomUUID } from "node:crypto";
import { sqlOf, type Db } from "./client";
import { linePlaceholderEmail } from "./notice-channels";

export interface LineSignIn {
  lineUserId: string;
  name: string | null;
  /** An address LINE says the user confirmed, lower-cased; null when LINE shared none. */
  verifiedEmail: string | null;
  /** The user added the shop's official account as a friend: LINE messages can reach them. */
  isFriend: boolean;
}

export interface LineAccount {
  id: string;
  role: "SHOPPER" | "ADMIN";
  sessionVersion: number;
  outcome: "returning" | "linked" | "created";
}

const isUniqueViolation = (error: unknown) =>
  /unique|duplicate/i.test(error instanceof Error ? error.message : String(error));

export async function signInLineAccount(
  db: Db,
  input: LineSignIn,
  now: Date,
): Promise<LineAccount> {
  try {
    return await findOrLink(db, input, now);
  } catch (error) {
    // Two first sign-ins of the same LINE user at once: the second finds the first's account.
    if (!isUniqueViolation(error)) throw error;
    return findOrLink(db, input, now);
  }
}

async function findOrLink(db: Db, input: LineSignIn, now: Date): Promise<LineAccount> {
  return sqlOf(db)
    .transaction()
    .execute(async (tx) => {
      const returning = await tx
        .selectFrom("User")
        .select(["id", "role", "sessionVersion"])
        .where("lineUserId", "=", input.lineUserId)
        .executeTakeFirst();
      if (returning) {
        if (input.name)
          await tx
            .updateTable("User")
            .set({ name: input.name, updatedAt: now })
            .where("id", "=", returning.id)
            .execute();
        return { ...returning, outcome: "returning" as const };
      }
      const sameEmail = input.verifiedEmail
        ? await tx
            .selectFrom("User")
            .select(["id", "role", "sessionVersion", "lineUserId"])
            .where("email", "=", input.verifiedEmail)
            .executeTakeFirst()
        : undefined;
      if (sameEmail && sameEmail.role === "SHOPPER" && sameEmail.lineUserId === null) {
        const linked = await tx
          .updateTable("User")
          .set({
            lineUserId: input.lineUserId,
            ...(input.isFriend ? { noticesByLine: true } : {}),
            updatedAt: now,
          })
          .where("id", "=", sameEmail.id)
          .where("lineUserId", "is", null)
          .executeTakeFirst();
        // Zero rows: another LINE user linked it a moment ago; this one gets its own account.
        if (linked.numUpdatedRows > 0n)
          return {
            id: sameEmail.id,
            role: "SHOPPER" as const,
            sessionVersion: sameEmail.sessionVersion,
            outcome: "linked" as const,
          };
      }
      // An email another account keeps (an admin, another LINE user) is not given to this one.
      const email = sameEmail ? null : input.verifiedEmail;
      const created = {
        id: randomUUID(),
        email: email ?? linePlaceholderEmail(input.lineUserId),
        name: input.name,
        lineUserId: input.lineUserId,
        noticesByEmail: email !== null,
        noticesByLine: input.isFriend,
      };
      await tx
        .insertInto("User")
        .values({ ...created, role: "SHOPPER", sessionVersion: 0, createdAt: now, updatedAt: now })
        .execute();
      return {
        id: created.id,
        role: "SHOPPER" as const,
        sessionVersion: 0,
        outcome: "created" as const,
      };
    });
}
