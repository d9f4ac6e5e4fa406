// CLI: `npm run sinopac-sandbox` (tsx lib/sinopac-sandbox/main.ts). Configuration from the
// environment only; hash values and the X-KeyID are never printed.
import { startSinoPacSandbox } from "./server";

/** Demo shop for local use only (dummy keys, the synthetic vector of the notes). */
const DEMO = {
  shopNo: "NA0000_001",
  a1: "0011223344556677",
  a2: "8899AABBCCDDEEFF",
  b1: "0123456789ABCDEF",
  b2: "FEDCBA9876543210",
  keyId: "00000000-0000-4000-8000-000000000000",
};

const read = (name: string) => process.env[name]?.trim() || undefined;

function readInt(name: string, fallback: number, max: number): number {
  const raw = read(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max)
    throw new Error(`${name} must be an integer between 0 and ${max}, got "${raw}"`);
  return value;
}

async function main() {
  const port = readInt("SINOPAC_SANDBOX_PORT", 9091, 65_535);
  const autoPayMinutes = readInt("SINOPAC_SANDBOX_ATM_AUTOPAY_MINUTES", 5, 10_000);
  const shopNo = read("SINOPAC_SHOP_NO") ?? DEMO.shopNo;
  const sandbox = await startSinoPacSandbox({
    port,
    host: read("SINOPAC_SANDBOX_HOST") ?? "127.0.0.1",
    publicUrl: read("SINOPAC_SANDBOX_PUBLIC_URL"),
    atmAutoPayAfterMs: autoPayMinutes === 0 ? null : autoPayMinutes * 60_000,
    shops: [
      {
        shopNo,
        keys: {
          a1: read("SINOPAC_HASH_A1") ?? DEMO.a1,
          a2: read("SINOPAC_HASH_A2") ?? DEMO.a2,
          b1: read("SINOPAC_HASH_B1") ?? DEMO.b1,
          b2: read("SINOPAC_HASH_B2") ?? DEMO.b2,
        },
        keyId: read("SINOPAC_KEY_ID") ?? DEMO.keyId,
      },
    ],
    log:
      read("SINOPAC_SANDBOX_VERBOSE") === "1"
        ? (line) => console.log(`[sinopac-sandbox] ${line}`)
        : undefined,
  });
  console.log(
    `SinoPac QPay emulator on ${sandbox.url}: shop ${shopNo}, API ${sandbox.apiBaseUrl}, ATM auto-pay ${autoPayMinutes || "off"} min, control API ${sandbox.url}/__sandbox`,
  );
  const stop = () =>
    void sandbox.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`sinopac-sandbox: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
