// Maps a returnCode to what it means for the money (linepay-v3.md §4.2, §4.5). The point is to
// separate "LINE refused, nothing happened" from "we cannot tell, reconcile with Payment details or
// Check status before doing anything else": confirming twice or refunding twice costs real money.
import { linePayEndpoints, type LinePayEndpoint } from "./endpoints";

export type ReturnCodeClass = "success" | "definitive_failure" | "unknown_outcome";

/** Check status answers with a state, not an error (0000 there means "still pending"). */
const CHECK_STATUS_STATES: ReadonlySet<string> = new Set(["0000", "0110", "0121", "0122", "0123"]);

/** 1190 (no such regKey) and 1193 (expired) answer the question rather than report a failure. */
const REG_KEY_ANSWERS: ReadonlySet<string> = new Set(["0000", "1190", "1193"]);

/**
 * After a money-moving call these say "a call like this is, or already was, being processed":
 * 1172 is also what a second confirm gets after the first succeeded, 1198 an in-flight duplicate,
 * 1145/1152 duplicates in progress, 1999 a retry whose body differed from an earlier attempt.
 * 1199 is an internal error after which the payment may or may not exist.
 */
const MONEY_MOVING_UNKNOWN: ReadonlySet<string> = new Set([
  "1145",
  "1152",
  "1172",
  "1198",
  "1199",
  "1999",
]);

/**
 * Per endpoint, codes that say "this is already done, or being done": what a retry of our own call
 * gets when the first answer was lost. They are not refusals, so they are checked before anything
 * else (Request moves no money but still needs this).
 * - requestPayment 1172: a request with this orderId exists. We never reuse an orderId, so it is our
 *   own earlier request, and the order must not be closed as if LINE Pay had nothing.
 * - refundPayment 1164 (exceeds refundable) / 1165 (already refunded): we refuse over-refunds before
 *   calling (the amount is reserved on the order), so either means LINE Pay holds a refund our books
 *   do not count, typically an earlier call whose answer was lost. Its refund list settles it.
 * - payPreapproved 1197: another payment on this regKey is in progress; it may be this very charge,
 *   so it is settled by orderId, never counted as a decline.
 */
const ALREADY_DONE_OR_IN_PROGRESS: Partial<Record<LinePayEndpoint, ReadonlySet<string>>> = {
  requestPayment: new Set(["1172"]),
  refundPayment: new Set(["1164", "1165"]),
  payPreapproved: new Set(["1197"]),
};

/** Codes LINE documents anywhere; an undocumented code after a money-moving call is unknown. */
const DOCUMENTED_CODES: ReadonlySet<string> = new Set(
  (
    "1101 1102 1104 1105 1106 1110 1124 1141 1142 1145 1150 1152 1153 1154 1155 1159 1163 1164 1165 " +
    "1169 1170 1172 1177 1178 1179 1180 1183 1184 1190 1193 1194 1197 1198 1199 1999 2024 2042 2101 " +
    "2102 2103 9000"
  )
    .split(" ")
    .concat(Array.from({ length: 19 }, (_, i) => String(1280 + i))),
);

/** Temporary server-side errors (9000, 190X): nothing can be concluded, retrying later is the advice. */
function isTransientCode(code: string): boolean {
  return code === "9000" || /^190\d$/.test(code);
}

export function classifyReturnCode(endpoint: LinePayEndpoint, returnCode: string): ReturnCodeClass {
  const code = returnCode.trim();
  if (endpoint === "checkPaymentStatus" && CHECK_STATUS_STATES.has(code)) return "success";
  if ((endpoint === "checkRegKey" || endpoint === "expireRegKey") && REG_KEY_ANSWERS.has(code)) {
    return "success";
  }
  if (code === "0000") return "success";
  if (isTransientCode(code)) return "unknown_outcome";
  if (ALREADY_DONE_OR_IN_PROGRESS[endpoint]?.has(code)) return "unknown_outcome";
  if (!linePayEndpoints[endpoint].isMoneyMoving) return "definitive_failure";

  // Capture is the one place the docs say what 1199 did: the payment was cancelled automatically.
  if (endpoint === "capturePayment" && code === "1199") return "definitive_failure";
  if (MONEY_MOVING_UNKNOWN.has(code)) return "unknown_outcome";
  if (!DOCUMENTED_CODES.has(code)) return "unknown_outcome";
  return "definitive_failure";
}
