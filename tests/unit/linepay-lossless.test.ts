import { describe, expect, it } from "vitest";
import { parseLinePayJson } from "@/lib/linepay/parse-line-pay-json";

// Raw text as LINE sends it: ids are bare JSON numbers far above Number.MAX_SAFE_INTEGER.
const confirmResponse =
  '{"returnCode":"0000","returnMessage":"Success.","info":{"orderId":"ORDER-0001","transactionId":2021121300698360310,' +
  '"payInfo":[{"method":"BALANCE","amount":100}]}}';
const detailsResponse =
  '{"returnCode":"0000","returnMessage":"Success.","info":[' +
  '{"transactionId":2021121300698360310,"transactionDate":"2021-12-13T08:00:00Z","transactionType":"PAYMENT",' +
  '"payStatus":"CAPTURE","amount":100.5,"payInfo":[{"method":"CREDIT_CARD","amount":100}],' +
  '"refundList":[{"refundTransactionId":9223372036854775807,"transactionType":"PARTIAL_REFUND","refundAmount":-20,' +
  '"refundTransactionDate":"2021-12-14T08:00:00Z"},{"refundTransactionId":2021121400698360399,' +
  '"transactionType":"PARTIAL_REFUND","refundAmount":-30,"refundTransactionDate":"2021-12-15T08:00:00Z"}]},' +
  '{"transactionId":2021121400698360311,"originalTransactionId":2021121300698360310,"transactionType":"PARTIAL_REFUND",' +
  '"transactionDate":"2021-12-14T08:00:00Z","payInfo":[]}]}';

describe("parseLinePayJson", () => {
  it("keeps a 19-digit transactionId digit for digit (JSON.parse would round it)", () => {
    expect(
      String(
        (JSON.parse(confirmResponse) as { info: { transactionId: number } }).info.transactionId,
      ),
    ).not.toBe("2021121300698360310");
    const parsed = parseLinePayJson(confirmResponse) as { info: { transactionId: unknown } };
    expect(parsed.info.transactionId).toBe("2021121300698360310");
  });

  it("keeps ids exact inside info[], refundList[] and originalTransactionId", () => {
    const parsed = parseLinePayJson(detailsResponse) as {
      info: [
        { transactionId: unknown; refundList: { refundTransactionId: unknown }[] },
        { transactionId: unknown; originalTransactionId: unknown },
      ];
    };
    const [payment, refund] = parsed.info;
    expect(payment.transactionId).toBe("2021121300698360310");
    expect(payment.refundList.map((r) => r.refundTransactionId)).toEqual([
      "9223372036854775807",
      "2021121400698360399",
    ]);
    expect(refund.transactionId).toBe("2021121400698360311");
    expect(refund.originalTransactionId).toBe("2021121300698360310");
  });

  it("returns ids as strings even when they are small or already quoted", () => {
    const parsed = parseLinePayJson(
      '{"info":{"transactionId":20140101123123123,"refundTransactionId":"2018082512345678911"}}',
    ) as {
      info: { transactionId: unknown; refundTransactionId: unknown };
    };
    expect(parsed.info).toEqual({
      transactionId: "20140101123123123",
      refundTransactionId: "2018082512345678911",
    });
  });

  it("turns other numbers into plain JS numbers", () => {
    const parsed = parseLinePayJson(detailsResponse) as {
      info: [
        {
          amount: unknown;
          payInfo: { amount: unknown }[];
          refundList: { refundAmount: unknown }[];
        },
      ];
    };
    const [payment] = parsed.info;
    expect(payment.amount).toBe(100.5);
    expect(payment.payInfo[0]?.amount).toBe(100);
    expect(payment.refundList[0]?.refundAmount).toBe(-20);
  });

  it("keeps an unexpected huge integer in another field as text instead of rounding it", () => {
    const parsed = parseLinePayJson('{"amount":2021121300698360310,"small":12}') as Record<
      string,
      unknown
    >;
    expect(parsed).toEqual({ amount: "2021121300698360310", small: 12 });
  });

  it("does not touch digits inside string values", () => {
    const text =
      '{"returnMessage":"\\"transactionId\\": 2021121300698360310 failed","info":{"productName":"x: 1234567890123456789"}}';
    expect(parseLinePayJson(text)).toEqual({
      returnMessage: '"transactionId": 2021121300698360310 failed',
      info: { productName: "x: 1234567890123456789" },
    });
  });

  it("throws on a body that is not JSON", () => {
    expect(() => parseLinePayJson("<html>502 Bad Gateway</html>")).toThrow(SyntaxError);
  });
});
