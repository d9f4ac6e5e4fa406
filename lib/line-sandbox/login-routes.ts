// LINE Login v2.1's access.line.me side: discovery and the authorize (consent) page, which hands
// the client an authorization code (token-routes.ts exchanges it).
import type { IncomingMessage, ServerResponse } from "node:http";
import { readBody, redirect, sendHtml } from "./http-io";
import { authorizePage, badRequestPage } from "./login-page";
import type { LoginChannel } from "./options";
import { opaqueToken, type LineSandboxStore } from "./store";
import { pickPageLocale } from "./words";

const CODE_LIFETIME_MS = 10 * 60 * 1000;

export interface LoginContext {
  store: LineSandboxStore;
  channels: LoginChannel[];
  issuer: string;
  now: () => number;
}

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
