// LINE Login's api.line.me side: the token endpoint (authorization code → access token and an ID
// token, an HS256 JWT signed with the channel secret, as LINE signs web-login ID tokens), ID token
// and access token verification, and the bearer-token check of profile, userinfo and friendship.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { signHs256, verifyHs256 } from "./jwt";
import { bearerToken, readBody, sendJson } from "./http-io";
import type { LoginContext } from "./login-routes";
import { opaqueToken } from "./store";

const ACCESS_TOKEN_LIFETIME_S = 30 * 24 * 60 * 60;
const ID_TOKEN_LIFETIME_S = 60 * 60;

const safeEqual = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The client's credentials: HTTP Basic (what openid-client sends) or client_id/secret in the body. */
function clientCredentials(req: IncomingMessage, form: URLSearchParams) {
  const basic = /^Basic (\S+)$/.exec(req.headers.authorization ?? "");
  if (basic?.[1]) {
    const [id, secret] = Buffer.from(basic[1], "base64").toString("utf8").split(":");
    return { id: decodeURIComponent(id ?? ""), secret: decodeURIComponent(secret ?? "") };
  }
  return { id: form.get("client_id") ?? "", secret: form.get("client_secret") ?? "" };
}

export async function issueToken(ctx: LoginContext, req: IncomingMessage, res: ServerResponse) {
  const form = new URLSearchParams(await readBody(req));
  const fail = (error: string, description: string) =>
    sendJson(res, 400, { error, error_description: description });
  if (form.get("grant_type") !== "authorization_code")
    return fail("unsupported_grant_type", "unsupported grant_type");
  const client = clientCredentials(req, form);
  const channel = ctx.channels.find((c) => c.id === client.id);
  if (!channel || !safeEqual(channel.secret, client.secret))
    return fail("invalid_client", "invalid client_id or client_secret");
  const code = form.get("code") ?? "";
  const grant = ctx.store.codes.get(code);
  ctx.store.codes.delete(code); // single use, whatever happens next
  if (!grant || grant.expiresAt < ctx.now() || grant.clientId !== channel.id)
    return fail("invalid_grant", "invalid authorization code");
  if (grant.redirectUri !== form.get("redirect_uri"))
    return fail("invalid_grant", "redirect_uri does not match");
  if (grant.codeChallenge) {
    const verifier = form.get("code_verifier") ?? "";
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    if (challenge !== grant.codeChallenge) return fail("invalid_grant", "invalid code_verifier");
  }
  const user = ctx.store.users.get(grant.userId);
  if (!user) return fail("invalid_grant", "invalid authorization code");
  const accessToken = opaqueToken();
  ctx.store.accessTokens.set(accessToken, {
    clientId: channel.id,
    userId: user.userId,
    scope: grant.scope,
    expiresAt: ctx.now() + ACCESS_TOKEN_LIFETIME_S * 1000,
  });
  const scopes = grant.scope.split(" ");
  const iat = Math.floor(ctx.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: ctx.issuer,
    sub: user.userId,
    aud: channel.id,
    exp: iat + ID_TOKEN_LIFETIME_S,
    iat,
    auth_time: iat,
    ...(grant.nonce ? { nonce: grant.nonce } : {}),
    amr: ["pwd"],
    ...(scopes.includes("profile") ? { name: user.displayName } : {}),
    ...(scopes.includes("email") && grant.isEmailShared && user.email ? { email: user.email } : {}),
  };
  sendJson(res, 200, {
    access_token: accessToken,
    expires_in: ACCESS_TOKEN_LIFETIME_S,
    ...(scopes.includes("openid") ? { id_token: signHs256(claims, channel.secret) } : {}),
    refresh_token: opaqueToken(),
    scope: grant.scope,
    token_type: "Bearer",
  });
}

export async function verifyIdToken(ctx: LoginContext, req: IncomingMessage, res: ServerResponse) {
  const form = new URLSearchParams(await readBody(req));
  const fail = (description: string) =>
    sendJson(res, 400, { error: "invalid_request", error_description: description });
  const channel = ctx.channels.find((c) => c.id === form.get("client_id"));
  if (!channel) return fail("Invalid IdToken Audience.");
  const claims = verifyHs256(form.get("id_token") ?? "", channel.secret);
  if (!claims) return fail("Invalid IdToken.");
  if (claims.aud !== channel.id) return fail("Invalid IdToken Audience.");
  if (Number(claims.exp) * 1000 < ctx.now()) return fail("IdToken expired.");
  if (form.has("nonce") && claims.nonce !== form.get("nonce"))
    return fail("Invalid IdToken Nonce.");
  if (form.has("user_id") && claims.sub !== form.get("user_id"))
    return fail("Invalid IdToken Subject Identifier.");
  sendJson(res, 200, claims);
}

/** The access grant behind a bearer token (profile, userinfo, friendship), or a 401 answered. */
export function accessGrantOf(ctx: LoginContext, req: IncomingMessage, res: ServerResponse) {
  const token = bearerToken(req);
  const grant = token ? ctx.store.accessTokens.get(token) : undefined;
  if (grant && grant.expiresAt > ctx.now()) return grant;
  sendJson(res, 401, { error: "invalid_token", error_description: "The access token expired" });
  return undefined;
}

export function verifyAccessToken(ctx: LoginContext, req: IncomingMessage, res: ServerResponse) {
  const token = new URL(req.url ?? "/", "http://line.local").searchParams.get("access_token");
  const grant = token ? ctx.store.accessTokens.get(token) : undefined;
  if (!grant || grant.expiresAt <= ctx.now())
    return sendJson(res, 400, {
      error: "invalid_request",
      error_description: "access token expired",
    });
  sendJson(res, 200, {
    scope: grant.scope,
    client_id: grant.clientId,
    expires_in: Math.floor((grant.expiresAt - ctx.now()) / 1000),
  });
}
