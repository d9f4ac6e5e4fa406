import { describe, expect, it } from "vitest";
import { classifyReturnCode, type ReturnCodeClass } from "@/lib/linepay/classify-return-code";
import { isDeclineCode, isRegKeyDeadCode } from "@/lib/linepay/decline-codes";
import type { LinePayEndpoint } from "@/lib/linepay/endpoints";
import { LinePayApiError, LinePayTimeoutError, LinePayValidationError } from "@/lib/linepay/errors";

const table: [LinePayEndpoint, string, ReturnCodeClass][] = [
  // Every endpoint: 0000 is success, 9000 and 190X say nothing about what happened.
  ["requestPayment", "0000", "success"],
  // orderId already used: our own earlier request whose answer was lost (orderIds are never reused)
  ["requestPayment", "1172", "unknown_outcome"],
  ["requestPayment", "1178", "definitive_failure"],
  ["requestPayment", "2101", "definitive_failure"],
  ["requestPayment", "9000", "unknown_outcome"],
  // Check status: the 0xxx codes are states, not errors.
  ["checkPaymentStatus", "0000", "success"],
  ["checkPaymentStatus", "0110", "success"],
  ["checkPaymentStatus", "0121", "success"],
  ["checkPaymentStatus", "0122", "success"],
  ["checkPaymentStatus", "0123", "success"],
  ["checkPaymentStatus", "1150", "definitive_failure"],
  ["checkPaymentStatus", "9000", "unknown_outcome"],
  // Confirm: duplicates and internal errors mean "reconcile first".
  ["confirmPayment", "0000", "success"],
  ["confirmPayment", "0110", "unknown_outcome"], // a state code where none is expected
  ["confirmPayment", "1172", "unknown_outcome"],
  ["confirmPayment", "1198", "unknown_outcome"],
  ["confirmPayment", "1145", "unknown_outcome"],
  ["confirmPayment", "1152", "unknown_outcome"],
  ["confirmPayment", "1199", "unknown_outcome"],
  ["confirmPayment", "1999", "unknown_outcome"],
  ["confirmPayment", "9000", "unknown_outcome"],
  ["confirmPayment", "1900", "unknown_outcome"],
  ["confirmPayment", "1902", "unknown_outcome"],
  ["confirmPayment", "4321", "unknown_outcome"], // undocumented
  ["confirmPayment", "1169", "definitive_failure"],
  ["confirmPayment", "1153", "definitive_failure"],
  ["confirmPayment", "1180", "definitive_failure"],
  ["confirmPayment", "1159", "definitive_failure"],
  ["confirmPayment", "1106", "definitive_failure"],
  ["confirmPayment", "1142", "definitive_failure"],
  ["confirmPayment", "1288", "definitive_failure"],
  ["capturePayment", "1198", "unknown_outcome"],
  ["capturePayment", "1199", "definitive_failure"], // docs: the payment was cancelled automatically
  ["capturePayment", "1184", "definitive_failure"],
  ["voidPayment", "1165", "definitive_failure"],
  ["voidPayment", "1155", "definitive_failure"],
  ["voidPayment", "1999", "unknown_outcome"],
  ["refundPayment", "0000", "success"],
  // Exceeds refundable / already refunded: an earlier refund whose answer was lost may have gone through.
  ["refundPayment", "1164", "unknown_outcome"],
  ["refundPayment", "1165", "unknown_outcome"],
  ["refundPayment", "1163", "definitive_failure"],
  ["refundPayment", "1198", "unknown_outcome"],
  ["refundPayment", "1901", "unknown_outcome"],
  ["getPaymentDetails", "0000", "success"],
  ["getPaymentDetails", "1150", "definitive_failure"],
  ["getPaymentDetails", "1177", "definitive_failure"],
  ["getPaymentDetails", "9000", "unknown_outcome"],
  // checkRegKey / expireRegKey: 1190 and 1193 answer the question.
  ["checkRegKey", "0000", "success"],
  ["checkRegKey", "1190", "success"],
  ["checkRegKey", "1193", "success"],
  ["checkRegKey", "1141", "definitive_failure"],
  ["expireRegKey", "0000", "success"],
  ["expireRegKey", "1190", "success"],
  ["expireRegKey", "1193", "success"],
  ["expireRegKey", "9000", "unknown_outcome"],
  ["payPreapproved", "0000", "success"],
  ["payPreapproved", "1172", "unknown_outcome"],
  ["payPreapproved", "1198", "unknown_outcome"],
  ["payPreapproved", "1190", "definitive_failure"],
  ["payPreapproved", "1193", "definitive_failure"],
  ["payPreapproved", "1141", "definitive_failure"],
  ["payPreapproved", "1142", "definitive_failure"],
  ["payPreapproved", "1197", "unknown_outcome"], // another payment on the regKey in progress: maybe this one
  ["payPreapproved", "1285", "definitive_failure"],
];

describe("classifyReturnCode", () => {
  it.each(table)("%s %s → %s", (endpoint, code, expected) => {
    expect(classifyReturnCode(endpoint, code)).toBe(expected);
  });

  it('reads the "already done" codes as unknown only on the endpoint where a retry gets them', () => {
    // Only those endpoints read them so; a void answered 1165 (already voided) still counts as refused.
    expect(classifyReturnCode("voidPayment", "1165")).toBe("definitive_failure");
    expect(classifyReturnCode("capturePayment", "1164")).toBe("definitive_failure");
    expect(classifyReturnCode("checkRegKey", "1197")).toBe("definitive_failure");
    expect(classifyReturnCode("getPaymentDetails", "1172")).toBe("definitive_failure");
    // A genuine refusal of a refund or a renewal stays definitive.
    expect(classifyReturnCode("refundPayment", "1163")).toBe("definitive_failure");
    expect(classifyReturnCode("refundPayment", "1155")).toBe("definitive_failure");
    expect(classifyReturnCode("requestPayment", "1178")).toBe("definitive_failure");
    expect(classifyReturnCode("payPreapproved", "1142")).toBe("definitive_failure");
  });

  it("never treats check-status states as success on other endpoints", () => {
    for (const code of ["0110", "0121", "0122", "0123"]) {
      expect(classifyReturnCode("requestPayment", code)).toBe("definitive_failure");
      expect(classifyReturnCode("refundPayment", code)).toBe("unknown_outcome");
    }
  });
});

describe("regKey dead vs decline", () => {
  const dead = [
    "1141",
    "1190",
    "1193",
    "1282",
    "1283",
    "1284",
    "1285",
    "1286",
    "1287",
    "1290",
    "1291",
    "1292",
    "1293",
    "1294",
    "1295",
  ];
  const declines = ["1110", "1142", "1280", "1281", "1288", "1289", "1296", "1298"];
  const neither = ["0000", "1172", "1198", "9000", "1153", "1197", "abcd", ""];

  it.each(dead)("%s means the regKey is dead, not a decline", (code) => {
    expect(isRegKeyDeadCode(code)).toBe(true);
    expect(isDeclineCode(code)).toBe(false);
  });

  it.each(declines)("%s is a decline that leaves the regKey usable", (code) => {
    expect(isDeclineCode(code)).toBe(true);
    expect(isRegKeyDeadCode(code)).toBe(false);
  });

  it.each(neither)("%j is neither", (code) => {
    expect(isDeclineCode(code)).toBe(false);
    expect(isRegKeyDeadCode(code)).toBe(false);
  });
});

describe("error classes", () => {
  it("carry endpoint, code and classification, and stay instanceof-able", () => {
    const error = new LinePayApiError({
      endpoint: "confirmPayment",
      returnCode: "1172",
      returnMessage: "Existing same orderId.",
      classification: "unknown",
    });
    expect(error).toBeInstanceOf(LinePayApiError);
    expect(error.name).toBe("LinePayApiError");
    expect(error.isUnknownOutcome).toBe(true);
    expect(error.message).toContain("1172");
  });

  it("timeouts are always unknown; local validation failures are definitive", () => {
    expect(
      new LinePayTimeoutError({ endpoint: "refundPayment", timeoutMs: 5 }).classification,
    ).toBe("unknown");
    expect(
      new LinePayValidationError({ endpoint: "refundPayment", issues: [] }).classification,
    ).toBe("definitive");
  });
});
