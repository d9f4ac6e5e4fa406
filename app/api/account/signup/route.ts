// POST /api/account/signup: creates a shopper account from email + password (JSON).
import { hashPassword } from "@/lib/auth/password";
import { signUpSchema } from "@/lib/auth/credentials-schema";
import { EmailTakenError, createUserWithPassword } from "@/lib/db/user-repository";
import { getEnv } from "@/lib/env";
import { getAppDb } from "@/lib/server/app-db";
import { jsonError } from "@/lib/server/http-responses";
import { BodyError, readJsonBody } from "@/lib/server/request-body";
import { isSameOriginRequest } from "@/lib/server/same-origin";

export async function POST(request: Request): Promise<Response> {
  if (!isSameOriginRequest(request, getEnv().APP_BASE_URL)) return jsonError(403, "cross_origin", "Cross-site requests are not allowed");
  try {
    const input = await readJsonBody(request, signUpSchema);
    const user = await createUserWithPassword(getAppDb(), {
      email: input.email,
      name: input.name,
      passwordHash: await hashPassword(input.password),
    });
    return Response.json({ user: { id: user.id, email: user.email } }, { status: 201 });
  } catch (error) {
    if (error instanceof BodyError) return jsonError(error.status, error.code, error.message);
    if (error instanceof EmailTakenError) return jsonError(409, "email_taken", error.message);
    throw error;
  }
}
