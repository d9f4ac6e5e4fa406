// Users. Password hashes never leave this module except to the sign-in check.
import { sqlOf, type Db } from "./client";
import { AppError } from "@/lib/errors/app-error";

export interface UserRecord {
  id: string;
  email: string;
  name: string | null;
  role: "SHOPPER" | "ADMIN";
  /** The language the user last chose (notices are written in it), where the query read it. */
  locale?: string | null;
}

const publicFields = { id: true, email: true, name: true, role: true, locale: true } as const;

export class EmailTakenError extends AppError {
  override name = "EmailTakenError";
  constructor(message: string) {
    super(message, { status: 409, errorCode: "email_taken", isMessageSafe: true });
  }
}

export async function createUserWithPassword(
  db: Db,
  input: {
    email: string;
    name: string | null;
    passwordHash: string;
    role?: "SHOPPER" | "ADMIN";
    locale?: string;
  },
): Promise<UserRecord> {
  try {
    return await db.user.create({ data: input, select: publicFields });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002")
      throw new EmailTakenError("This email is already registered");
    throw error;
  }
}

export async function findUserCredentials(db: Db, email: string) {
  return db.user.findUnique({
    where: { email },
    select: { ...publicFields, passwordHash: true, sessionVersion: true },
  });
}

/** The password hash of a signed-in user, for the password change form's current password. */
export async function findPasswordHash(db: Db, id: string): Promise<string | null> {
  const row = await db.user.findUnique({ where: { id }, select: { passwordHash: true } });
  return row?.passwordHash ?? null;
}

/**
 * The user a session token names, if the token is still valid: its session version is the row's
 * (sign-out and a password change move the row's on). One indexed read, like the role check.
 */
export async function findSessionUser(
  db: Db,
  id: string,
  sessionVersion: number,
): Promise<UserRecord | null> {
  const user = await sqlOf(db)
    .selectFrom("User")
    .select(["id", "email", "name", "role", "locale", "sessionVersion"])
    .where("id", "=", id)
    .executeTakeFirst();
  if (!user || user.sessionVersion !== sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale };
}

/** Ends every session of the user (sign-out): tokens carrying an older version are refused. */
export async function revokeUserSessions(db: Db, id: string): Promise<void> {
  await sqlOf(db)
    .updateTable("User")
    .set((eb) => ({ sessionVersion: eb("sessionVersion", "+", 1), updatedAt: new Date() }))
    .where("id", "=", id)
    .execute();
}

/**
 * Sets a new password hash if the current one is still `previousHash` (two changes at once cannot
 * both win) and ends every session. False when the hash had already changed.
 */
export async function replacePasswordHash(
  db: Db,
  input: { id: string; previousHash: string; passwordHash: string },
): Promise<boolean> {
  const result = await sqlOf(db)
    .updateTable("User")
    .set((eb) => ({
      passwordHash: input.passwordHash,
      sessionVersion: eb("sessionVersion", "+", 1),
      updatedAt: new Date(),
    }))
    .where("id", "=", input.id)
    .where("passwordHash", "=", input.previousHash)
    .returning("id")
    .executeTakeFirst();
  return result !== undefined;
}

/**
 * Remembers the language the shopper chose: notices are written in it. Nothing is sent when the
 * session already read the same language (every checkout calls this).
 */
export async function setUserLocale(
  db: Db,
  user: Pick<UserRecord, "id" | "locale">,
  locale: string,
): Promise<void> {
  if (user.locale === locale) return;
  await sqlOf(db)
    .updateTable("User")
    .set({ locale, updatedAt: new Date() })
    .where("id", "=", user.id)
    .where((eb) => eb.or([eb("locale", "is", null), eb("locale", "!=", locale)]))
    .execute();
}

/** Whether the shopper wants renewal reminders by email (receipts are always sent). */
export async function findRemindersByEmail(db: Db, id: string): Promise<boolean> {
  const row = await sqlOf(db)
    .selectFrom("User")
    .select("remindersByEmail")
    .where("id", "=", id)
    .executeTakeFirst();
  return row?.remindersByEmail ?? true;
}

export async function setRemindersByEmail(db: Db, id: string, isWanted: boolean): Promise<void> {
  await sqlOf(db)
    .updateTable("User")
    .set({ remindersByEmail: isWanted, updatedAt: new Date() })
    .where("id", "=", id)
    .where("remindersByEmail", "!=", isWanted)
    .execute();
}
