// The credentials check next-auth's authorize step runs. The email that is checked is the one that
// is counted: its attempt is claimed (one atomic increment) before the password hash is compared,
// and a right password takes the claim back. An unknown email costs the same bcrypt comparison as
// a known one (against a hash nobody has the password of), so timing does not tell them apart.
import type { Db } from "@/lib/db/client";
import { findUserCredentials, type UserRecord } from "@/lib/db/user-repository";
import { signInSchema } from "./credentials-schema";
import { verifyPassword } from "./password";
import { claimSignInAttempt, releaseSignInAttempt } from "./sign-in-throttle";

// bcrypt, cost 12 like every stored hash, of a random password that was thrown away.
const NO_ACCOUNT_HASH = "$2b$12$dBQC64OvZz9xH5tObgW2rOfWEQp/rb/Ot1FAxytxQp0tLmJaQ51dm";

export type CredentialsOutcome =
  | { kind: "signed-in"; user: UserRecord & { sessionVersion: number } }
  | { kind: "refused" }
  | { kind: "rate-limited"; retryAfterSeconds: number };

export async function authorizeCredentials(
  db: Db,
  raw: unknown,
  now: Date,
): Promise<CredentialsOutcome> {
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success) return { kind: "refused" };
  const { email, password } = parsed.data;
  const retryAfterSeconds = await claimSignInAttempt(db, email, now);
  if (retryAfterSeconds !== null) return { kind: "rate-limited", retryAfterSeconds };
  const user = await findUserCredentials(db, email);
  const isMatch = await verifyPassword(password, user?.passwordHash ?? NO_ACCOUNT_HASH);
  if (!user?.passwordHash || !isMatch) return { kind: "refused" };
  await releaseSignInAttempt(db, email, now);
  return {
    kind: "signed-in",
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      sessionVersion: user.sessionVersion,
    },
  };
}
