// fast-check generators of hostile input for the route fuzz tests: random and unicode text, huge
// and negative numbers, 19+ digit ids, path traversal, markup, and values just past the limits.
import fc from "fast-check";

export const FUZZ_SEED = 20_261_122;

const HOSTILE = [
  "",
  " ",
  "\t",
  "null",
  "undefined",
  "NaN",
  "Infinity",
  "-1",
  "-0",
  "0",
  "1e309",
  "0x1F",
  "1_000",
  "../../etc/passwd",
  "..%2F..%2Fetc",
  "%00",
  "\u0000",
  "\u202e",
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "${jndi:ldap://x}",
  "{{7*7}}",
  "１２３",
  "𝟙𝟚𝟛",
  "٣٠٠",
  "300,00",
  "3 00",
  "+300",
  "300.",
  ".5",
  "1.005",
  "99999999999999999999",
  "9223372036854775808",
  "2026112200000000001",
  "[]",
  "{}",
  "true",
  "VIP-",
  "SUB-x-1-1",
  "admin-zzzzzzzz",
];

/** Text a handler may be given anywhere: odd strings, unicode, numbers as text, long strings. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.bigInt({ min: 10n ** 18n, max: 10n ** 30n }).map(String),
  fc.double().map(String),
  fc.integer().map(String),
  fc.string({ minLength: 101, maxLength: 2_000 }),
);

/** A query string with the given keys (each absent, once or repeated) plus stray keys. */
export function hostileQuery(keys: string[]): fc.Arbitrary<string> {
  const entry = fc.tuple(fc.constantFrom(...keys, "x", "__proto__", "constructor"), hostileText);
  return fc
    .array(entry, { maxLength: 6 })
    .map((entries) => new URLSearchParams(entries).toString());
}

/** A path segment: encoded hostile text, or raw percent junk that does not decode. */
export const hostileSegment: fc.Arbitrary<string> = fc.oneof(
  hostileText
    .filter((t) => t.length > 0)
    .map((t) => encodeURIComponent(t.replace(/[\uD800-\uDFFF]/gu, "?"))),
  fc.constantFrom("%", "%E0%A4%A", "%C0", "%FF%FE", "..", "%2e%2e", "a%2Fb", "%00"),
);

/** Bodies that are not what a JSON or form handler expects. */
export const hostileBody: fc.Arbitrary<{ body: string; contentType: string | null }> = fc.record({
  body: fc.oneof(
    hostileText,
    fc.json(),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.constantFrom(
      "{not json",
      '{"a":',
      "[1,2",
      "\ufeff{}",
      "a=1&a=2&a=3",
      "planCode=&planCode=vip-30x",
      "%ZZ=1",
    ),
  ),
  contentType: fc.constantFrom(
    null,
    "application/json",
    "application/x-www-form-urlencoded",
    "text/plain",
    "multipart/form-data; boundary=x",
    "application/json; charset=utf-16",
    "application/xml",
  ),
});
