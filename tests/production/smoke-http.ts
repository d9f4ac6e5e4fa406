// HTTP steps of the production smoke: waiting for the server, and a shopper's session obtained the
// way the sign-up form gets it (sign-up, then next-auth's credentials sign-in).
import type { ChildProcess } from "node:child_process";

/** Polls /api/health until it answers 200; fails early when the server process exits. */
export async function waitForHealth(appUrl: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    const response = await fetch(`${appUrl}/api/health`).catch(() => null);
    if (response?.status === 200) {
      const body = (await response.json()) as { ok?: boolean };
      if (body.ok === true) return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the server did not become healthy within 120 s");
}

/**
 * Creates a shopper and signs in at `appUrl`; returns the Cookie header of the signed-in session.
 * `publicUrl` is the app's APP_BASE_URL when `appUrl` is one server behind it (the Origin sent).
 */
export async function signUpAndSignIn(
  appUrl: string,
  email: string,
  publicUrl = appUrl,
): Promise<string> {
  const password = "smoke-password-1";
  const signUp = await fetch(`${appUrl}/api/account/signup`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: publicUrl },
    body: JSON.stringify({ email, password }),
  });
  if (signUp.status !== 202) throw new Error(`sign-up answered ${signUp.status}`);

  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  const header = () => [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
  const csrf = await fetch(`${appUrl}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const signIn = await fetch(`${appUrl}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: {
      cookie: header(),
      origin: publicUrl,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: publicUrl }).toString(),
  });
  keep(signIn);
  if (![...jar.keys()].some((name) => name.endsWith("next-auth.session-token"))) {
    throw new Error(`sign-in set no session cookie (status ${signIn.status})`);
  }
  return header();
}
