// Endpoints whose returnCode is the answer itself (linepay-v3.md §3.2, §3.8, §3.10): these codes are
// states to branch on, not errors to throw.

export type PaymentRequestStatus =
  "reserved" | "authenticated" | "cancelled" | "failed" | "completed";

const PAYMENT_REQUEST_STATUS: Readonly<Record<string, PaymentRequestStatus>> = {
  "0000": "reserved", // the customer has not finished on the payment page yet; NOT a success
  "0110": "authenticated", // confirm now
  "0121": "cancelled", // by the customer, or the ~20 min window ran out; final
  "0122": "failed", // final
  "0123": "completed", // confirmed; final
};

export function paymentRequestStatusFromCode(returnCode: string): PaymentRequestStatus | undefined {
  return PAYMENT_REQUEST_STATUS[returnCode];
}

export type RegKeyStatus = "valid" | "not_found" | "expired";

const REG_KEY_STATUS: Readonly<Record<string, RegKeyStatus>> = {
  "0000": "valid",
  "1190": "not_found",
  "1193": "expired",
};

export function regKeyStatusFromCode(returnCode: string): RegKeyStatus | undefined {
  return REG_KEY_STATUS[returnCode];
}

/** Expire is idempotent for us: a key LINE no longer knows or already expired is gone either way. */
export type ExpireRegKeyStatus = "expired" | "not_found" | "already_expired";

const EXPIRE_STATUS: Readonly<Record<string, ExpireRegKeyStatus>> = {
  "0000": "expired",
  "1190": "not_found",
  "1193": "already_expired",
};

export function expireRegKeyStatusFromCode(returnCode: string): ExpireRegKeyStatus | undefined {
  return EXPIRE_STATUS[returnCode];
}
