// OrderPayQuery (PayToken → result) and OrderQuery (conditions, windows, pay flags, 300 rows).
import { OK, fail, type SandboxContext } from "./context";
import { parseWireDateTime, wireDateTime } from "./formats";
import type { SandboxOrder } from "./store";

export const ORDER_QUERY_CAP = 300;

export function orderPayQuery(ctx: SandboxContext, shopNo: string, p: Record<string, unknown>) {
  const token = typeof p.PayToken === "string" ? p.PayToken : "";
  const record = ctx.store.payResults.get(token);
  if (!record || record.shopNo !== shopNo) return fail("E9301", "查無資料");
  const order = ctx.store.order(shopNo, record.orderNo);
  if (!order) return fail("E9301", "查無資料");
  return {
    ShopNo: shopNo,
    PayToken: token,
    Date: wireDateTime(ctx.clock.now()),
    Status: "S",
    Description: OK,
    TSResultContent: {
      APType: "PayOut",
      TSNo: order.tsNo,
      OrderNo: order.orderNo,
      ShopNo: shopNo,
      PayType: order.payType,
      Amount: String(order.amount), // a string here, unlike everywhere else (notes §9)
      Status: record.status,
      Description: record.description,
      Param1: order.params[0],
      Param2: order.params[1],
      Param3: order.params[2],
      PayDate: record.status === "S" && order.paidAt ? wireDateTime(order.paidAt) : "",
      ...(order.payType === "C" && record.status === "S"
        ? { LeftCCNo: "400022", RightCCNo: order.cardLast4 ?? "", CCExpDate: "", CCToken: "" }
        : {}),
    },
  };
}

/** Card codes are this emulator's analogy of the ATM ones (1A200/1A400); real card codes UNCONFIRMED. */
function payStatus(order: SandboxOrder): string {
  return `1${order.payType}${order.paidAt ? "400" : "200"}`;
}

function payFlag(order: SandboxOrder, now: Date): "Y" | "N" | "O" {
  if (order.paidAt) return "Y";
  return now > order.expiresAt ? "O" : "N";
}

function row(order: SandboxOrder) {
  const atm = order.payType === "A";
  return {
    OrderNo: order.orderNo,
    TSNo: order.tsNo,
    TSDate: wireDateTime(order.createdAt),
    ApprovedDate: !atm && order.paidAt ? wireDateTime(order.paidAt) : "",
    PayDate: order.paidAt ? wireDateTime(order.paidAt) : "",
    Amount: order.amount,
    PayType: order.payType,
    PayStatus: payStatus(order),
    ExpireDate: wireDateTime(order.expiresAt),
    RefundFlag: "N",
    RefundStatus: "",
    RefundDate: "",
    RefundAmount: 0,
    PrdtName: order.prdtName,
    Memo: order.memo,
    Param1: order.params[0],
    Param2: order.params[1],
    Param3: order.params[2],
    ...(atm
      ? {
          ATMParam: {
            AtmPayNo: order.atmPayNo,
            WebAtmURL: "",
            OtpURL: "",
            BankNo: "807",
            AcctNo: "",
          },
        }
      : {
          CardParam: {
            CardPayURL: "",
            LeftCCNo: order.paidAt ? "400022" : "",
            RightCCNo: order.cardLast4 ?? "",
          },
        }),
  };
}

type Window = { from: Date; to: Date } | undefined | "bad";

/**
 * A condition left blank is no condition: clients send every field with "" for the unused ones
 * (one tutorial client did against SinoPac's sandbox and got its rows), as the Sign rule drops them.
 */
function given(p: Record<string, unknown>, key: string): unknown {
  const value = p[key];
  return typeof value === "string" && value.trim() === "" ? undefined : value;
}

function window(p: Record<string, unknown>, s: string, e: string): Window {
  if (given(p, s) === undefined && given(p, e) === undefined) return undefined;
  // Both ends are required (the PHP SDK demands E when S is given).
  const from = typeof p[s] === "string" ? parseWireDateTime(p[s]) : undefined;
  const to = typeof p[e] === "string" ? parseWireDateTime(p[e]) : undefined;
  if (!from || !to || to < from) return "bad";
  return { from, to: new Date(to.getTime() + 59_999) };
}

export function orderQuery(ctx: SandboxContext, shopNo: string, p: Record<string, unknown>) {
  const orderNo = typeof p.OrderNo === "string" && p.OrderNo !== "" ? p.OrderNo : undefined;
  const payType = given(p, "PayType");
  const flag = given(p, "PayFlag");
  const created = window(p, "OrderDateTimeS", "OrderDateTimeE");
  const paid = window(p, "PayDateTimeS", "PayDateTimeE");
  if (created === "bad" || paid === "bad") return fail("E9401", "查詢區間錯誤");
  if (payType !== undefined && payType !== "A" && payType !== "C")
    return fail("E9402", "PayType 錯誤");
  if (flag !== undefined && flag !== "Y" && flag !== "N" && flag !== "O")
    return fail("E9403", "PayFlag 錯誤");
  if (!orderNo && !created && !paid && payType === undefined && flag === undefined)
    return fail("E9404", "至少需一個查詢條件");

  const now = ctx.clock.now();
  const rows = [...ctx.store.orders.values()]
    .filter((o) => o.shopNo === shopNo)
    .filter((o) => !orderNo || o.orderNo === orderNo)
    .filter((o) => payType === undefined || o.payType === payType)
    .filter((o) => flag === undefined || payFlag(o, now) === flag)
    .filter((o) => !created || (o.createdAt >= created.from && o.createdAt <= created.to))
    .filter((o) => !paid || (!!o.paidAt && o.paidAt >= paid.from && o.paidAt <= paid.to))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .slice(0, ORDER_QUERY_CAP)
    .map(row);
  return { ShopNo: shopNo, Date: wireDateTime(now), Status: "S", Description: OK, OrderList: rows };
}
