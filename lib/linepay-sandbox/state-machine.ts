// Transaction states (spec §7.1) and the only legal moves between them. Every change goes through
// assertTransition so an illegal move is a sandbox bug, never a silent state corruption.

export type TransactionState =
  | "RESERVED" // requested, user has not acted yet
  | "AUTHENTICATED" // user approved on the payment page; merchant must confirm
  | "CANCELLED" // user cancelled or the 20-minute window passed
  | "FAILED" // simulated failure, or confirm called before approval
  | "AUTHORIZED" // confirmed with capture=false
  | "CAPTURED" // confirmed with capture=true, or captured later
  | "VOIDED" // authorization voided
  | "EXPIRED"; // authorization expired before capture

const ALLOWED: Record<TransactionState, readonly TransactionState[]> = {
  RESERVED: ["AUTHENTICATED", "CANCELLED", "FAILED"],
  AUTHENTICATED: ["CANCELLED", "AUTHORIZED", "CAPTURED"],
  CANCELLED: [],
  FAILED: [],
  AUTHORIZED: ["CAPTURED", "VOIDED", "EXPIRED"],
  CAPTURED: [],
  VOIDED: [],
  EXPIRED: [],
};

export function canTransition(from: TransactionState, to: TransactionState): boolean {
  return ALLOWED[from].includes(to);
}

export function assertTransition(from: TransactionState, to: TransactionState): void {
  if (!canTransition(from, to))
    throw new Error(`illegal transaction state change ${from} -> ${to}`);
}

/** A transaction that LINE lists in Payment Details (i.e. it went through confirm). */
export function isConfirmed(state: TransactionState): boolean {
  return (
    state === "AUTHORIZED" || state === "CAPTURED" || state === "VOIDED" || state === "EXPIRED"
  );
}

/** Check Payment Status codes (§3.2). */
export function checkStatusCode(state: TransactionState): { code: string; message: string } {
  switch (state) {
    case "RESERVED":
      return { code: "0000", message: "reserved transaction." };
    case "AUTHENTICATED":
      return { code: "0110", message: "Authentication completed." };
    case "CANCELLED":
      return { code: "0121", message: "Transaction cancelled or authentication timed out." };
    case "FAILED":
      return { code: "0122", message: "Payment failed." };
    default:
      return { code: "0123", message: "Payment completed." };
  }
}

/** `payStatus` in Payment Details. */
export function payStatus(state: TransactionState): string {
  switch (state) {
    case "AUTHORIZED":
      return "AUTHORIZATION";
    case "VOIDED":
      return "VOIDED_AUTHORIZATION";
    case "EXPIRED":
      return "EXPIRED_AUTHORIZATION";
    default:
      return "CAPTURE";
  }
}
