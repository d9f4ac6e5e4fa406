// `npm run dev` writes generated secrets (session key, regKey keyring, cron bearer) to .env.local:
// readable by its owner only, and an existing world-readable file is narrowed to 0600 too.
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ensureLocalSecrets } from "@/lib/cli/dev-env";

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "dev-env-"));
  dirs.push(dir);
  return join(dir, ".env.local");
}
const modeOf = (path: string) => statSync(path).mode & 0o777;

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform === "win32")(".env.local secrets", () => {
  it("creates the file readable by its owner only", () => {
    const path = tempFile();
    const env: Record<string, string | undefined> = {};
    ensureLocalSecrets(path, env);
    expect(modeOf(path)).toBe(0o600);
    expect(readFileSync(path, "utf8")).toContain(`NEXTAUTH_SECRET=${env.NEXTAUTH_SECRET}`);
  });

  it("narrows an existing world-readable file, with or without secrets to add", () => {
    const path = tempFile();
    writeFileSync(path, "NEXTAUTH_SECRET=old-one-written-by-an-older-version-000");
    chmodSync(path, 0o644);
    ensureLocalSecrets(path, { NEXTAUTH_SECRET: "x".repeat(32) });
    expect(modeOf(path)).toBe(0o600);
    chmodSync(path, 0o644);
    ensureLocalSecrets(path, {
      NEXTAUTH_SECRET: "x".repeat(32),
      REGKEY_ENCRYPTION_KEYS: "k",
      CRON_SECRET: "c".repeat(32),
    });
    expect(modeOf(path)).toBe(0o600);
  });
});
