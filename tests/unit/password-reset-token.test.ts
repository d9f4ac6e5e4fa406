// The reset link's token: derived from the reset id under the server's secret (so it is never
// stored), different for every id and secret, and looked up only by its SHA-256.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  hashPasswordResetToken,
  isWellFormedResetToken,
  passwordResetToken,
} from "@/lib/auth/password-reset-token";

const SECRET = "s".repeat(40);

describe("password reset token", () => {
  it("is the same for the same id and secret, and well formed", () => {
    const token = passwordResetToken("reset-1", SECRET);
    expect(passwordResetToken("reset-1", SECRET)).toBe(token);
    expect(isWellFormedResetToken(token)).toBe(true);
  });

  it("differs with the id and with the secret", () => {
    const token = passwordResetToken("reset-1", SECRET);
    expect(passwordResetToken("reset-2", SECRET)).not.toBe(token);
    expect(passwordResetToken("reset-1", "t".repeat(40))).not.toBe(token);
  });

  it("is not the id and cannot be read back from its stored hash", () => {
    const token = passwordResetToken("reset-1", SECRET);
    expect(token).not.toContain("reset-1");
    const stored = hashPasswordResetToken(token);
    expect(stored).toBe(createHash("sha256").update(token).digest("hex"));
    expect(stored).not.toContain(token);
  });

  it("refuses anything that is not a token we issue before any lookup", () => {
    for (const bad of [undefined, null, 42, "", "short", "x".repeat(44), `${"x".repeat(42)}=`])
      expect(isWellFormedResetToken(bad)).toBe(false);
    expect(isWellFormedResetToken(["x".repeat(43)])).toBe(false);
  });
});
