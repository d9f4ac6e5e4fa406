// What the client reports after every call, for the app to store as an append-only PaymentEvent.
// Holds the decrypted request and answer (the bank's own words) with card tokens and expiry
// masked; the hash values, HashID, X-KeyID, nonces and Signs never appear.

export type SinoPacService = "OrderCreate" | "OrderPayQuery" | "OrderQuery";

export type SinoPacCallOutcome = "SUCCESS" | "FAILURE" | "UNKNOWN";

export interface SinoPacCallEvent {
  service: SinoPacService;
  orderNo?: string;
  tsNo?: string;
  /** The answer's Description, e.g. "S0000 – 處理成功". */
  description?: string;
  outcome: SinoPacCallOutcome;
  httpStatus?: number;
  latencyMs: number;
  /** The business payload as encrypted (JSON), masked. */
  request: string;
  /** The decrypted answer, or the raw body when it was not an envelope; masked. */
  response?: string;
  error?: string;
}

export type SinoPacCallListener = (event: SinoPacCallEvent) => void | Promise<void>;

const MASKED_KEYS = new Set(["CCToken", "CCExpDate", "CVV2", "CardNo"]);

/** JSON.stringify with card tokens/expiry replaced, at any depth. */
export function maskedJson(value: unknown): string {
  return JSON.stringify(value, (key, inner: unknown) =>
    MASKED_KEYS.has(key) && inner !== "" && inner !== null ? "***" : inner,
  );
}
