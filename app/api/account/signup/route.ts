// POST /api/account/signup: creates a shopper account from email + password (JSON). The answer is
// the same whether or not the email already has an account (202, no account data), so sign-up
// does not tell anyone which emails are registered; the form then signs in with the password
// given, which works for a new account (and for an owner who knows their password).
import { hashPassword } from "@/lib/auth/password";
import { signUpSchema } from "@/lib/auth/credentials-schema";
import { EmailTakenError, createUserWithPassword } from "@/lib/db/user-repository";
import { getAppDb } from "@/lib/server/app-db";
import { requestLocale } from "@/lib/server/request-locale";
import { withPublic } from "@/lib/server/app-routes";
import { readJsonBody } from "@/lib/server/request-body";
import { RATE_LIMITS } from "@/lib/security/rate-limit-rules";

export const POST = withPublic(async (request, { rateLimit }) => {
  const input = await readJsonBody(request, signUpSchema);
  // Counted once the body is valid: only real account creations (and their bcrypt work) use it up.
  await rateLimit(RATE_LIMITS.signUpPerIp);
  // Hashed before the insert either way, so a taken email takes as long as a new one.
  const passwordHash = await hashPassword(input.password);
  try {
    await createUserWithPassword(getAppDb(), {
      email: input.email,
      name: input.name,
      passwordHash,
      locale: requestLocale(request),
    });
  } catch (error) {
    if (!(error instanceof EmailTakenError)) throw error;
  }
  return Response.json(
    {
      status: "received",
      message: "If this email is new, its account now exists. Sign in with your password.",
    },
    { status: 202 },
  );
});
