// GET/POST /api/auth/*: next-auth's sign-in, callback, session and sign-out endpoints.
import NextAuth from "next-auth";
import { getAuthOptions } from "@/lib/auth/auth-options";
import { jsonError } from "@/lib/server/http-responses";

async function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }): Promise<Response> {
  // next-auth's own forms post urlencoded; a malformed JSON body would make it throw (a 500).
  if (req.method === "POST" && (req.headers.get("content-type") ?? "").includes("json")) {
    return jsonError(415, "unsupported_media_type", "Send sign-in requests as application/x-www-form-urlencoded");
  }
  const response: Response = await NextAuth(getAuthOptions())(req, ctx);
  // next-auth answers an unknown action ("/api/auth/callback/x") with a plain-text 400: give it the
  // JSON error shape every other API route answers with.
  if (response.status === 400 && !(response.headers.get("content-type") ?? "").includes("json")) {
    return jsonError(400, "invalid_auth_request", (await response.text()).replace(/^Error: /, "").slice(0, 200) || "Unsupported sign-in request");
  }
  return response;
}

export { handler as GET, handler as POST };
