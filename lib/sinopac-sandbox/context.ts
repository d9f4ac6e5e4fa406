// What every handler of the emulator shares.
import type { SandboxClock } from "./clock";
import type { FaultBook } from "./faults";
import type { NonceBook } from "./nonces";
import type { EnvelopeErrorShape, SandboxShop } from "./options";
import type { SandboxStore } from "./store";

export interface ResolvedShop extends SandboxShop {
  hashId: string;
}

export interface SandboxConfig {
  publicUrl: string;
  controlApi: boolean;
  envelopeErrorShape: EnvelopeErrorShape;
  atmAutoPayAfterMs: number | null;
  backendRetryIntervalMs: number;
  backendMaxAttempts: number;
  backendTimeoutMs: number;
  notifyBackendForCards: boolean;
  approvedCards: string[];
  log: (line: string) => void;
}

export interface SandboxContext {
  shops: Map<string, ResolvedShop>;
  store: SandboxStore;
  clock: SandboxClock;
  nonces: NonceBook;
  faults: FaultBook;
  config: SandboxConfig;
  /** BackendURL deliveries are blocked (lost notifications) while true. */
  backendBlocked: { value: boolean };
}

/** Business answer texts. Only S0000 and E0602 are known codes; the E9xxx ones are this
 * emulator's own (the real codes are UNCONFIRMED), so clients must not depend on them. */
export const OK = "S0000 – 處理成功";
export const fail = (code: string, text: string) => ({
  Status: "F",
  Description: `${code} – ${text}`,
});
