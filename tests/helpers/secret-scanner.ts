// Looks for secrets in text the outside world can see (bundles, pages, API answers, logs), as they
// are and in the encodings a leak would most likely take: URL-encoded, JSON-escaped, base64,
// base64url and hex of the whole value.

export interface NamedSecret {
  name: string;
  value: string;
}

export interface SecretFinding {
  secret: string;
  form: string;
  where: string;
}

/** Shorter values would match by accident and prove nothing. */
export const MIN_SECRET_LENGTH = 8;

export function secretForms(value: string): Array<{ form: string; text: string }> {
  const bytes = Buffer.from(value, "utf8");
  const forms = [
    { form: "plain", text: value },
    { form: "url-encoded", text: encodeURIComponent(value) },
    { form: "form-encoded", text: new URLSearchParams({ v: value }).toString().slice(2) },
    { form: "json-escaped", text: JSON.stringify(value).slice(1, -1) },
    { form: "base64", text: bytes.toString("base64").replace(/=+$/, "") },
    { form: "base64url", text: bytes.toString("base64url") },
    { form: "hex", text: bytes.toString("hex") },
  ];
  const seen = new Set<string>();
  return forms.filter(({ text }) => !seen.has(text) && seen.add(text));
}

export function findSecrets(
  where: string,
  text: string,
  secrets: readonly NamedSecret[],
): SecretFinding[] {
  const haystack = text.toLowerCase();
  const findings: SecretFinding[] = [];
  for (const secret of secrets) {
    if (secret.value.length < MIN_SECRET_LENGTH)
      throw new Error(`${secret.name} is too short to scan for`);
    for (const { form, text: needle } of secretForms(secret.value)) {
      // Hex is case-insensitive; every other form must match exactly.
      const found = form === "hex" ? haystack.includes(needle) : text.includes(needle);
      if (found) findings.push({ secret: secret.name, form, where });
    }
  }
  return findings;
}

/** The secrets of a REGKEY_ENCRYPTION_KEYS spec: each `<id>:<base64 key>` key, not its id. */
export function keyringSecrets(spec: string): NamedSecret[] {
  return spec.split(",").map((entry, index) => ({
    name: `REGKEY_ENCRYPTION_KEYS[${index}]`,
    value: entry.slice(entry.indexOf(":") + 1).trim(),
  }));
}
