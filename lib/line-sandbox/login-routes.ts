// LINE Login v2.1 as documented: discovery, the authorize page (access.line.me), and the token,
// verify, profile, userinfo and friendship endpoints (api.line.me). ID tokens are HS256 JWTs signed
// with the channel secret, as LINE signs them for web login.
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { signHs256, verifyHs256 } from "./jwt";
import { bearerToken, readBody, redirect, sendHtml, sendJson } from "./http-io";
import { authorizePage, badRequestPage } from "./login-page";
import type { LoginChannel } from "./options";
import { opaqueToken, type LineSandboxStore } from "./store";
import { pickPageLocale } from "./words";

const CODE_LIFETIME_MS = 10 * 60 * 1000;
const ACCESS_TOKEN_LIFETIME_S = 30 * 24 * 60 * 60;
const ID_TOKEN_LIFETIME_S = 60 * 60;

export interface LoginContext {
  store: LineSandboxStore;
  channels: LoginChannel[];
  issuer: string;
  now: () => number;
}

const safeEqual = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function discovery(issuer: string) {
  return {
    issuer,
    authorization_endpoint: `${issuer}/oauth2/v2.1/authorize`,
    token_endpoint: `${issuer}/oauth2/v2.1/token`,
    revocation_endpoint: `${issuer}/oauth2/v2.1/revoke`,
    userinfo_endpoint: `${issuer}/oauth2/v2.1/userinfo`,
    scopes_supported: ["openid", "email", "profile"],
    jwks_uri: `${issuer}/oauth2/v2.1/certs`,
    response_types_supported: ["code"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["ES256"],
    code_challenge_methods_supported: ["S256"],
  };
}

/** Why an authorize request cannot go on, or undefined. `canRedirect`: redirect_uri is usable. */
function checkAuthorize(params: URLSearchParams, channels: LoginChannel[]) {
  const redirectUri = params.get("redirect_uri") ?? "";
  if (!channels.some((c) => c.id === params.get("client_id")))
    return { reason: "Unknown client_id", canRedirect: false };
  if (!/^https?:\/\//.test(redirectUri))
    return { reason: "redirect_uri must be an http(s) URL", canRedirect: false };
  if (params.get("response_type") !== "code")
    return { reason: "response_type must be code", canRedirect: true };
  if (!params.get("state")) return { reason: "state is required", canRedirect: true };
  const scopes = (params.get("scope") ?? "").split(" ");
  if (!scopes.includes("openid") && !scopes.includes("profile"))
    return { reason: "scope must include openid or profile", canRedirect: true };
  const method = params.get("code_challenge_method");
  if (params.has("code_challenge") && method !== "S256")
    return { reason: "code_challenge_method must be S256", canRedirect: true };
  return undefined;
}

function redirectWith(res: ServerResponse, redirectUri: string, query: Record<string, string>) {
  const target = new URL(redirectUri);
  for (const [key, value] of Object.entries(query)) target.searchParams.set(key, value);
  redirect(res, target.toString());
}

export function showAuthorize(ctx: LoginContext, req: IncomingMessage, res: ServerResponse) {
  const params = new URL(req.url ?? "/", "http://line.local").searchParams;
  const locale = pickPageLocale(params.get("ui_locales"), req.headers["accept-language"]);
  const problem = checkAuthorize(params, ctx.channels);
  if (problem && !problem.canRedirect)
    return sendHtml(res, 400, badRequestPage(problem.reason, locale));
  if (problem)
    return redirectWith(res, params.get("redirect_uri") ?? "", {
      error: "invalid_request",
      error_description: problem.reason,
      state: params.get("state") ?? "",
    });
  const channel = ctx.channels.find((c) => c.id === params.get("client_id"));
  const users = [...ctx.store.users.values()];
  sendHtml(res, 200, authorizePage({ params, channelName: channel?.name ?? "", users, locale }));
}

export async function decideAuthorize(
  ctx: LoginContext,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const form = new URLSearchParams(await readBody(req));
  const locale = pickPageLocale(form.get("ui_locales"), req.headers["accept-language"]);
  const problem = checkAuthorize(form, ctx.channels);
  if (problem) return sendHtml(res, 400, badRequestPage(problem.reason, locale));
  const redirectUri = form.get("redirect_uri") ?? "";
  const state = form.get("state") ?? "";
  if (form.get("decision") === "cancel")
    return redirectWith(res, redirectUri, {
      error: "access_denied",
      error_description: "The user has denied the approval",
      state,
    });
  const knownId = form.get("known_user");
  const known = knownId ? ctx.store.users.get(knownId) : undefined;
  const displayName = (form.get("display_name") ?? "").trim();
  if (!known && !displayName)
    return sendHtml(res, 400, badRequestPage("Choose a LINE user or enter a name", locale));
  const wasFriend = known?.isFriend ?? false;
  const email = (form.get("email") ?? "").trim();
  const user = ctx.store.rememberUser({
    displayName: known?.displayName ?? displayName,
    // LINE keeps (and shares) only an address its user confirmed with a code.
    email: known ? known.email : email && form.get("email_confirmed") ? email : null,
    isFriend: form.get("add_friend") === "on",
  });
  const code = opaqueToken();
  ctx.store.codes.set(code, {
    clientId: form.get("client_id") ?? "",
    redirectUri,
    userId: user.userId,
    scope: form.get("scope") ?? "",
    nonce: form.get("nonce") ?? undefined,
    codeChallenge: form.get("code_challenge") ?? undefined,
    isEmailShared: form.get("share_email") === "on",
    expiresAt: ctx.now() + CODE_LIFETIME_MS,
  });
  redirectWith(res, redirectUri, {
    code,
    state,
    ...(form.has("bot_prompt")
      ? { friendship_status_changed: String(user.isFriend !== wasFriend) }
      : {}),
  });
}

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
