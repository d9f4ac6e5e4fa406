import { describe, expect, it } from "vitest";
import {
  SecretBoxError,
  generateKeyringEntry,
  openSecret,
  parseKeyring,
  sealSecret,
} from "@/lib/security/secret-box";

const regKey = "RK9A2BA1937EQTO";

describe("secret box (AES-256-GCM with a rotating keyring)", () => {
  it("seals so the plaintext never appears and opens back to it", () => {
    const ring = parseKeyring(generateKeyringEntry("k1"));
    const sealed = sealSecret(ring, regKey, "sub_1");
    expect(sealed.keyId).toBe("k1");
    expect(sealed.ciphertext).not.toContain(regKey);
    expect(sealed.ciphertext.startsWith("v1.k1.")).toBe(true);
    expect(openSecret(ring, sealed.ciphertext, "sub_1")).toBe(regKey);
  });

  it("uses a fresh IV each time", () => {
    const ring = parseKeyring(generateKeyringEntry("k1"));
    expect(sealSecret(ring, regKey, "a").ciphertext).not.toBe(
      sealSecret(ring, regKey, "a").ciphertext,
    );
  });

  it("refuses a ciphertext moved to another owner, tampered with, or sealed by an unknown key", () => {
    const ring = parseKeyring(generateKeyringEntry("k1"));
    const { ciphertext } = sealSecret(ring, regKey, "sub_1");
    expect(() => openSecret(ring, ciphertext, "sub_2")).toThrow(SecretBoxError);
    const parts = ciphertext.split(".");
    const body = Buffer.from(parts[4] ?? "", "base64url");
    body[0] = (body[0] ?? 0) ^ 1;
    parts[4] = body.toString("base64url");
    expect(() => openSecret(ring, parts.join("."), "sub_1")).toThrow(SecretBoxError);
    expect(() => openSecret(parseKeyring(generateKeyringEntry("k2")), ciphertext, "sub_1")).toThrow(
      /no longer in the keyring/,
    );
    expect(() => openSecret(ring, "garbage", "sub_1")).toThrow(SecretBoxError);
  });

  it("rotates: new secrets use the active key, old ones still open with theirs", () => {
    const old = generateKeyringEntry("2026a");
    const sealedOld = sealSecret(parseKeyring(old), regKey, "s");
    const rotated = parseKeyring(`${old},${generateKeyringEntry("2026b")}`, "2026b");
    expect(sealSecret(rotated, regKey, "s").keyId).toBe("2026b");
    expect(openSecret(rotated, sealedOld.ciphertext, "s")).toBe(regKey);
  });

  it("validates the keyring specification", () => {
    expect(() => parseKeyring("")).toThrow(/at least one key/);
    expect(() => parseKeyring("k1:c2hvcnQ=")).toThrow(/32 bytes/);
    expect(() =>
      parseKeyring(`${generateKeyringEntry("k1")},${generateKeyringEntry("k1")}`),
    ).toThrow(/twice/);
    expect(() => parseKeyring(generateKeyringEntry("k1"), "k9")).toThrow(/not in the keyring/);
    expect(() => parseKeyring("bad id:xyz")).toThrow(SecretBoxError);
  });
});
