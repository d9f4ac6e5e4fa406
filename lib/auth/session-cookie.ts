// The session cookie next-auth writes, read back without running next-auth's whole session action
// (which, for a page or route handler, also makes a CSRF token and re-encrypts the session only to
// throw both away: the App Router gives it no response to set cookies on).
export interface CookieEntry {
  name: string;
  value: string;
}

/** next-auth's name for it: `__Secure-` in front when the site is served over https. */
export function sessionCookieName(appBaseUrl: string): string {
  return `${usesSecureCookies(appBaseUrl) ? "__Secure-" : ""}next-auth.session-token`;
}

export function usesSecureCookies(appBaseUrl: string): boolean {
  return appBaseUrl.startsWith("https://");
}

/** The token, joined from `name.0`, `name.1`, … when next-auth split it over several cookies. */
export function readSessionToken(cookies: readonly CookieEntry[], name: string): string | null {
  const whole = cookies.find((cookie) => cookie.name === name);
  if (whole) return whole.value || null;
  const chunks = cookies
    .map((cookie) => ({ cookie, index: chunkIndex(cookie.name, name) }))
    .filter((chunk): chunk is { cookie: CookieEntry; index: number } => chunk.index !== null)
    .sort((a, b) => a.index - b.index);
  return chunks.length ? chunks.map((chunk) => chunk.cookie.value).join("") : null;
}

function chunkIndex(cookieName: string, name: string): number | null {
  if (!cookieName.startsWith(`${name}.`)) return null;
  const suffix = cookieName.slice(name.length + 1);
  return /^\d+$/.test(suffix) ? Number(suffix) : null;
}
