import { describe, expect, it } from "vitest";
import { findSecrets, keyringSecrets, secretForms } from "../helpers/secret-scanner";

const secret = { name: "NEXTAUTH_SECRET", value: "s3cr3t/with+chars=&more" };

describe("secret scanner", () => {
  it.each(secretForms(secret.value).map(({ form, text }) => [form, text]))(
    "finds a planted secret written %s",
    (form, text) => {
      const findings = findSecrets("page.html", `<p>before ${text} after</p>`, [secret]);
      expect(findings).toContainEqual({ secret: "NEXTAUTH_SECRET", form, where: "page.html" });
    },
  );

  it("finds hex in either case", () => {
    const hex = Buffer.from(secret.value).toString("hex").toUpperCase();
    expect(findSecrets("log", `key=${hex}`, [secret]).map((f) => f.form)).toEqual(["hex"]);
  });

  it("finds nothing in text without the secret, or with only part of it", () => {
    expect(
      findSecrets("page.html", `<p>${secret.value.slice(0, -1)} and s3cr3t</p>`, [secret]),
    ).toEqual([]);
  });

  it("refuses to scan for a value too short to mean anything", () => {
    expect(() => findSecrets("x", "abc", [{ name: "short", value: "abc" }])).toThrow(/too short/);
  });

  it("reads the keys, not the ids, out of a keyring spec", () => {
    const key = Buffer.alloc(32, 7).toString("base64");
    expect(keyringSecrets(`k1:${key},k2:${key.replace("B", "C")}`)).toEqual([
      { name: "REGKEY_ENCRYPTION_KEYS[0]", value: key },
      { name: "REGKEY_ENCRYPTION_KEYS[1]", value: key.replace("B", "C") },
    ]);
    expect(findSecrets("bundle.js", `var k="${key}"`, keyringSecrets(`k1:${key}`))).toHaveLength(1);
  });
});
