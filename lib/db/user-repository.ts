// Users. Password hashes never leave this module except to the sign-in check.
import { sqlOf, type Db } from "./client";
import { AppError } from "@/lib/errors/app-error";

export interface UserRecord {
  id: string;
  email: string;
  name: string | null;
  role: "SHOPPER" | "ADMIN";
}

const publicFields = { id: true, email: true, name: true, role: true } as const;

export class EmailTakenError extends AppError {
  override name = "EmailTakenError";
  constructor(message: string) {
    super(message, { status: 409, errorCode: "email_taken", isMessageSafe: true });
  }
}

export async function createUserWithPassword(
  db: Db,
  input: { email: string; name: string | null; passwordHash: string; role?: "SHOPPER" | "ADMIN" },
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
  return db.user.findUnique({ where: { email }, select: { ...publicFields, passwordHash: true } });
}

export async function findUserById(db: Db, id: string): Promise<UserRecord | null> {
  // Every signed-in request reads this: typed SQL, not an ORM call compiled each time.
  const user = await sqlOf(db)
    .selectFrom("User")
    .select(["id", "email", "name", "role"])
    .where("id", "=", id)
    .executeTakeFirst();
  return user ?? null;
}

/** LINE Login users are matched by their LINE user id; a first sign-in creates the account. */
export async function upsertLineUser(
  db: Db,
  input: { lineUserId: string; email: string; name: string | null },
): Promise<UserRecord> {
  return db.user.upsert({
    where: { lineUserId: input.lineUserId },
    update: { name: input.name },
    create: { lineUserId: input.lineUserId, email: input.email, name: input.name },
    select: publicFields,
  });
}
