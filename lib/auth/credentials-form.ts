// next-auth reads a urlencoded body with Object.fromEntries, so a repeated key's last value wins,
// while anything that reads it with URLSearchParams.get sees the first. A sign-in form never sends
// a field twice: such a body is refused before anyone reads it.
export function findRepeatedFormKey(body: string): string | null {
  const seen = new Set<string>();
  for (const key of new URLSearchParams(body).keys()) {
    if (seen.has(key)) return key;
    seen.add(key);
  }
  return null;
}

/** Whether next-auth answered a credentials sign-in with our rate-limited error (302 or JSON). */
export async function isRateLimitedSignInAnswer(
  response: Response,
  errorName: string,
): Promise<boolean> {
  const marker = `error=${errorName}`;
  if (response.headers.get("location")?.includes(marker)) return true;
  if (!(response.headers.get("content-type") ?? "").includes("json")) return false;
  const body = (await response.clone().json()) as { url?: unknown };
  return typeof body.url === "string" && body.url.includes(marker);
}
