// The client's public types: options and the typed answers (whole NT$, Dates, no wire codes).
import type { SinoPacCallListener } from "./call-event";
import type { HashValues } from "./crypto";
import type { SinoPacOrderRecord } from "./order-record";
import type { SinoPacFetch } from "./send-sinopac-call";

export interface SinoPacClientOptions {
  /** e.g. https://apisbx.sinopac.com/funBIZ-Sbx/QPay.WebAPI/api (no trailing /Nonce). */
  baseUrl: string;
  shopNo: string;
  hashValues: HashValues;
  keyId: string;
  timeoutMs?: number;
  fetch?: SinoPacFetch;
  onCall?: SinoPacCallListener;
  /** Monotonic ms for latency. */
  now?: () => number;
  /** Wall clock, to read OrderQuery expiry; the app passes its one clock. */
  clock?: () => Date;
}

export interface CreatedCardOrder {
  orderNo: string;
  tsNo: string;
  amountTwd: number;
  cardPayUrl: string;
}

export interface CreatedAtmOrder {
  orderNo: string;
  tsNo: string;
  amountTwd: number;
  bankCode: "807";
  virtualAccount: string;
  /** The Taiwan day sent as ExpireDate, yyyyMMdd; the bank keeps the account open to 23:59. */
  expireDate: string;
}

export interface PayResult {
  /** True only when both the answer and TSResultContent say "S" (notes §9). */
  paid: boolean;
  /** True only when the bank says definitively that the payment failed (TSResultContent "F"). */
  declined: boolean;
  orderNo: string;
  tsNo: string;
  payType: string;
  amountTwd: number;
  apType: string | undefined;
  description: string;
  paidAt: Date | undefined;
}

export type TimeWindow = { field: "order" | "pay"; from: Date; to: Date };

export interface OrderQueryResult {
  orders: SinoPacOrderRecord[];
  /** 300 rows came back: the window may hold more; split it and ask again. */
  mayBeTruncated: boolean;
}

export const ORDER_QUERY_ROW_CAP = 300;
