// Pre-approved (subscription) failures split in two: the regKey is dead and the customer must
// approve a new one, or this charge was declined and a later retry (dunning) may succeed.
// linepay-v3.md §3.9: "If 1141, 1282–1287 or 1290–1295 is returned, the regKey is dead".

function codeNumber(returnCode: string): number {
  const code = returnCode.trim();
  return /^\d{4}$/.test(code) ? Number(code) : Number.NaN;
}

/** The regKey can never be charged again: 1141, 1190 (unknown), 1193 (expired), 1282–1287, 1290–1295. */
export function isRegKeyDeadCode(returnCode: string): boolean {
  const n = codeNumber(returnCode);
  return (
    n === 1141 || n === 1190 || n === 1193 || (n >= 1282 && n <= 1287) || (n >= 1290 && n <= 1295)
  );
}

/** A decline of this charge that leaves the regKey usable: 1110, 1142 and the other 128x/129x. */
export function isDeclineCode(returnCode: string): boolean {
  const n = codeNumber(returnCode);
  if (n === 1110 || n === 1142) return true;
  return n >= 1280 && n <= 1299 && !isRegKeyDeadCode(returnCode);
}
