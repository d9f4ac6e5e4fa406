// What the client reports after every call, for the app to store as an append-only PaymentEvent.
// Built to be stored as-is: regKeys are masked; secret, signature and nonce never appear.
import type { LinePayEndpoint } from "./endpoints";

export type LinePayCallOutcome = "SUCCESS" | "FAILURE" | "UNKNOWN";

export interface LinePayCallEvent {
  endpoint: LinePayEndpoint;
  method: "GET" | "POST";
  /** e.g. `/v3/payments/preapprovedPay/RK…QTO/check` (regKey masked). */
  apiPath: string;
  transactionId?: string;
  orderId?: string;
  returnCode?: string;
  returnMessage?: string;
  /** SUCCESS includes answers such as check-status 0121 or checkRegKey 1193. */
  outcome: LinePayCallOutcome;
  httpStatus?: number;
  latencyMs: number;
  /** POST: the exact body sent; GET: `{"query":"…"}`; regKeys masked. */
  request: string;
  /** Raw response text (ids digit for digit), regKeys masked. */
  response?: string;
  error?: string;
}

export type LinePayCallListener = (event: LinePayCallEvent) => void | Promise<void>;
