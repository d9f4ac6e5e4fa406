// POST /api/account/signup: creates a shopper account from email + password (JSON).
import { hashPassword } from "@/lib/auth/password";
import { signUpSchema } from "@/lib/auth/credentials-schema";
import { createUserWithPassword } from "@/lib/db/user-repository";
import { getAppDb } from "@/lib/server/app-db";
import { withPublic } from "@/lib/server/app-routes";
import { readJsonBody } from "@/lib/server/request-body";
import { RATE_LIMITS } from "@/lib/security/rate-limit-rules";

export const POST = withPublic(async (request, { rateLimit }) => {
  const input = await readJsonBody(request, signUpSchema);
  // Counted once the body is valid: only real account creations (and their bcrypt work) use it up.
  await rateLimit(RATE_LIMITS.signUpPerIp);
  const user = await createUserWithPassword(getAppDb(), {
    email: input.email,
    name: input.name,
    passwordHash: await hashPassword(input.password),
  });
  return Response.json({ user: { id: user.id, email: user.email } }, { status: 201 });
});
