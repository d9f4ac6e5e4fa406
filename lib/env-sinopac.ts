// SinoPac 豐收款 settings (part of lib/env.ts). Off unless SINOPAC_ENABLED=1; when on, every value
// must be present and well formed, in every environment (`npm run dev` and the end-to-end stack
// fill in the local emulator's demo shop; production must configure the real ones).
import { z } from "zod";

const optional = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());
const HASH_VALUE = /^[0-9A-Fa-f]{16}$/;

export const sinoPacEnvShape = {
  SINOPAC_ENABLED: z.preprocess((v) => (v === "" ? undefined : v), z.enum(["0", "1"]).default("0")),
  // …/QPay.WebAPI/api (the client appends /Nonce and /Order).
  SINOPAC_API_BASE_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url().optional()),
  SINOPAC_SHOP_NO: optional,
  SINOPAC_HASH_A1: optional,
  SINOPAC_HASH_A2: optional,
  SINOPAC_HASH_B1: optional,
  SINOPAC_HASH_B2: optional,
  SINOPAC_KEY_ID: optional,
  // The local emulator's address as browsers see it (its card page is a form-post target).
  SINOPAC_SANDBOX_PUBLIC_URL: z.preprocess((v) => (v === "" ? undefined : v), z.url().optional()),
};

type SinoPacRaw = z.infer<z.ZodObject<typeof sinoPacEnvShape>>;

/** Adds an issue for every missing or malformed value when SinoPac is enabled. */
export function checkSinoPacEnv(env: SinoPacRaw, ctx: z.RefinementCtx<unknown>): void {
  if (env.SINOPAC_ENABLED !== "1") return;
  const problem = (path: string, message: string) =>
    ctx.addIssue({ code: "custom", path: [path], message });
  if (!env.SINOPAC_API_BASE_URL)
    problem("SINOPAC_API_BASE_URL", "is required when SINOPAC_ENABLED=1");
  if (!env.SINOPAC_SHOP_NO || !/^[A-Z]{2}\d{4}_\d{3}$/.test(env.SINOPAC_SHOP_NO))
    problem("SINOPAC_SHOP_NO", "must be the ShopNo, like NA0000_001");
  for (const name of [
    "SINOPAC_HASH_A1",
    "SINOPAC_HASH_A2",
    "SINOPAC_HASH_B1",
    "SINOPAC_HASH_B2",
  ] as const) {
    const value = env[name]?.replace(/-/g, "");
    if (!value || !HASH_VALUE.test(value.slice(0, 16))) problem(name, "must be 16 hex characters");
  }
  if (!env.SINOPAC_KEY_ID || env.SINOPAC_KEY_ID.length < 8)
    problem("SINOPAC_KEY_ID", "is required (the X-KeyID)");
}
