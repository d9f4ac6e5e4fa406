// One OrderQuery row, read conservatively. Only `1A400` (ATM transferred) is confirmed by a real
// capture; `1A200` (ATM awaiting) by one source; card codes are UNCONFIRMED, so `1C400` is taken
// as "card paid" by analogy and any other code is "unrecognised": the caller must not settle or
// fail an order on it (the reconciliation job flags it for a person instead).
import { fromWireAmount, fromWireDateTime } from "./formats";
import type { OrderListEntryWire } from "./response-schemas";

export type SinoPacOrderState = "paid" | "awaiting" | "expired" | "unrecognised";

export interface SinoPacOrderRecord {
  orderNo: string;
  tsNo: string;
  payType: string;
  /** Whole NT$, or undefined when the wire amount is not a whole NT$. */
  amountTwd: number | undefined;
  payStatus: string;
  state: SinoPacOrderState;
  paidAt: Date | undefined;
  expiresAt: Date | undefined;
  virtualAccount: string | undefined;
  refunded: boolean;
}

const PAID_CODES = new Set(["1A400", "1C400"]);
const AWAITING_CODES = new Set(["1A200", "1C200"]);

export function toOrderRecord(row: OrderListEntryWire, now: Date = new Date()): SinoPacOrderRecord {
  const payStatus = row.PayStatus ?? "";
  const paidAt = fromWireDateTime(row.PayDate);
  const expiresAt = fromWireDateTime(row.ExpireDate);
  let state: SinoPacOrderState = "unrecognised";
  if (PAID_CODES.has(payStatus) && paidAt) state = "paid";
  else if (AWAITING_CODES.has(payStatus) && !paidAt)
    // Expiry is read from the bank's own ExpireDate (23:59 Taiwan of the last day), plus a minute.
    state = expiresAt && now.getTime() > expiresAt.getTime() + 60_000 ? "expired" : "awaiting";
  return {
    orderNo: row.OrderNo,
    tsNo: row.TSNo,
    payType: row.PayType,
    amountTwd: fromWireAmount(row.Amount),
    payStatus,
    state,
    paidAt,
    expiresAt,
    virtualAccount: row.ATMParam?.AtmPayNo || undefined,
    refunded: row.RefundFlag === "Y",
  };
}
