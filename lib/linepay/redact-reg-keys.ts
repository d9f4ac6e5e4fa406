// A regKey lets the merchant charge the customer without asking again, so it is handled like a
// credential: audit rows and logs keep only enough of it (last 3 chars) to tell keys apart.

/** `RK9A2BA1937EQTO` → `RK…QTO`; short keys are hidden completely. */
export function maskRegKey(regKey: string): string {
  if (regKey.length < 8) return "…";
  return `${regKey.startsWith("RK") ? "RK" : ""}…${regKey.slice(-3)}`;
}

const REG_KEY_FIELD = /("regKey"\s*:\s*")((?:[^"\\]|\\.)*)(")/g;

/** Masks every `"regKey": "…"` JSON value and every occurrence of the given known regKeys. */
export function redactRegKeys(text: string, knownRegKeys: readonly string[] = []): string {
  let result = text;
  for (const key of knownRegKeys) {
    if (key.length > 0) result = result.split(key).join(maskRegKey(key));
  }
  return result.replace(REG_KEY_FIELD, (_match, open: string, value: string, close: string) => {
    return `${open}${maskRegKey(value)}${close}`;
  });
}
