// Who is asking. Pages call requireUser()/requireAdmin(), which redirect; route handlers call
// getSessionUser() and answer 401/403 themselves. The role is re-read from the database so a
// demoted admin loses access at once, not when their token expires, and the token's session
// version must still be the user's: sign-out and a password change end every older token.
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { getAuthOptions } from "./auth-options";
import { getAppDb } from "@/lib/server/app-db";
import { findSessionUser, type UserRecord } from "@/lib/db/user-repository";

export async function getSessionUser(): Promise<UserRecord | null> {
  const session = await getServerSession(getAuthOptions());
  const claims = session?.user as { id?: string; sessionVersion?: number } | undefined;
  if (!claims?.id) return null;
  return findSessionUser(getAppDb(), claims.id, claims.sessionVersion ?? 0);
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
