// Who is asking. Pages call requireUser()/requireAdmin(), which redirect; route handlers call
// getSessionUser() and answer 401/403 themselves. The role is re-read from the database so a
// demoted admin loses access at once, not when their token expires, and the token's session
// version must still be the user's: sign-out and a password change end every older token.
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { getEnv } from "@/lib/env";
import { getAppDb } from "@/lib/server/app-db";
import { findSessionUser, type UserRecord } from "@/lib/db/user-repository";
import { readSessionToken, sessionCookieName } from "./session-cookie";
import { decodeSessionToken } from "./session-token-codec";

export async function getSessionUser(): Promise<UserRecord | null> {
  const env = getEnv();
  const token = readSessionToken((await cookies()).getAll(), sessionCookieName(env.APP_BASE_URL));
  if (!token) return null;
  // A token that does not open (another secret, tampered, expired) is no session, as in next-auth.
  const claims = await decodeSessionToken({ token, secret: env.NEXTAUTH_SECRET }).catch(() => null);
  if (!claims?.sub) return null;
  return findSessionUser(getAppDb(), claims.sub, claims.sessionVersion ?? 0);
}

export async function requireUser(returnTo: string): Promise<UserRecord> {
  const user = await getSessionUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(returnTo)}`);
  return user;
}

export async function requireAdmin(returnTo: string): Promise<UserRecord> {
  const user = await requireUser(returnTo);
  if (user.role !== "ADMIN") forbidden();
  return user;
}
