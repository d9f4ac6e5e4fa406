// The ten Online v3 endpoints in one table, so timeouts and "does this call move money" live in
// one place instead of being repeated in every method (linepay-v3.md §3.0).

export type LinePayEndpoint =
  | "requestPayment"
  | "checkPaymentStatus"
  | "confirmPayment"
  | "capturePayment"
  | "voidPayment"
  | "refundPayment"
  | "getPaymentDetails"
  | "checkRegKey"
  | "payPreapproved"
  | "expireRegKey";

export interface LinePayEndpointInfo {
  method: "GET" | "POST";
  /**
   * Read timeout in ms: max(documented minimum, value proven by public SDKs). Details uses the
   * documented 20 s rather than line-pay-merchant's 60 s because it is our reconciliation call and
   * must fail fast enough to be retried.
   */
  timeoutMs: number;
  /** A call that may move money: never retried automatically, failures can be "unknown". */
  isMoneyMoving: boolean;
}

export const linePayEndpoints: Readonly<Record<LinePayEndpoint, LinePayEndpointInfo>> = {
  requestPayment: { method: "POST", timeoutMs: 20_000, isMoneyMoving: false },
  checkPaymentStatus: { method: "GET", timeoutMs: 20_000, isMoneyMoving: false },
  confirmPayment: { method: "POST", timeoutMs: 40_000, isMoneyMoving: true },
  capturePayment: { method: "POST", timeoutMs: 60_000, isMoneyMoving: true },
  voidPayment: { method: "POST", timeoutMs: 20_000, isMoneyMoving: true },
  refundPayment: { method: "POST", timeoutMs: 20_000, isMoneyMoving: true },
  getPaymentDetails: { method: "GET", timeoutMs: 20_000, isMoneyMoving: false },
  checkRegKey: { method: "GET", timeoutMs: 20_000, isMoneyMoving: false },
  payPreapproved: { method: "POST", timeoutMs: 40_000, isMoneyMoving: true },
  expireRegKey: { method: "POST", timeoutMs: 20_000, isMoneyMoving: false },
};
