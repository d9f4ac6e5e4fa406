// OrderCreate: validates as the spec (notes §7) describes and opens a card or ATM order.
import { randomUUID } from "node:crypto";
import { OK, fail, type SandboxContext } from "./context";
import { endOfWireDay } from "./formats";
import type { SandboxOrder } from "./store";

const FORBIDDEN = /['"%]/;
const text = (v: unknown) => (typeof v === "string" ? v : undefined);
const obj = (v: unknown) =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * The wire Amount (NT$ × 100) as a positive integer: a JSON number or a string of digits. Clients
 * that passed SinoPac's own sandbox send both ("10000" from one public TS client), and the bank
 * parses the decrypted JSON rather than checking its types (notes §6.4).
 */
function wireAmount(value: unknown): number | undefined {
  const amount = typeof value === "string" && /^[1-9]\d{0,14}$/.test(value) ? Number(value) : value;
  return typeof amount === "number" && Number.isSafeInteger(amount) && amount > 0
    ? amount
    : undefined;
}

function problem(p: Record<string, unknown>, now: Date): string | undefined {
  const orderNo = text(p.OrderNo);
  if (!orderNo || orderNo.length > 50 || FORBIDDEN.test(orderNo)) return "OrderNo";
  if (wireAmount(p.Amount) === undefined) return "Amount";
  if (p.CurrencyID !== "TWD") return "CurrencyID";
  if (p.PayType !== "A" && p.PayType !== "C") return "PayType";
  const name = text(p.PrdtName);
  // 60 bytes: the stricter of the two readings in the notes (characters or bytes).
  if (!name || Buffer.byteLength(name) > 60 || FORBIDDEN.test(name)) return "PrdtName";
  const returnUrl = text(p.ReturnURL);
  if (!returnUrl || returnUrl.length > 255 || !/^https?:\/\//.test(returnUrl)) return "ReturnURL";
  const backend = text(p.BackendURL);
  if (backend && (backend.length > 255 || !/^https?:\/\//.test(backend))) return "BackendURL";
  if ((text(p.Memo) ?? "").length > 30) return "Memo";
  if (p.PayType === "A") {
    const end = endOfWireDay(text(obj(p.ATMParam).ExpireDate) ?? "");
    if (!end || end.getTime() < now.getTime()) return "ATMParam.ExpireDate";
  } else {
    const card = obj(p.CardParam);
    if (card.AutoBilling !== "Y" && card.AutoBilling !== "N") return "CardParam.AutoBilling";
    // The sandbox accepts pay-in-full only; instalments are E0602 (notes §7.3).
    if (card.PayTypeSub !== undefined && card.PayTypeSub !== "ONE") return "E0602";
    const minutes = card.ExpMinutes ?? 10;
    if (typeof minutes !== "number" || minutes < 1 || minutes > 30) return "CardParam.ExpMinutes";
  }
  return undefined;
}

export function orderCreate(ctx: SandboxContext, shopNo: string, p: Record<string, unknown>) {
  const now = ctx.clock.now();
  const bad = problem(p, now);
  if (bad === "E0602") return fail("E0602", "收款方式未啟用");
  if (bad) return fail("E9101", `欄位格式錯誤 ${bad}`);
  const orderNo = p.OrderNo as string;
  if (ctx.store.order(shopNo, orderNo)) return fail("E9102", "訂單編號重複");

  const payType = p.PayType as "A" | "C";
  const tsNo = ctx.store.nextTsNo(shopNo);
  const ticket = randomUUID();
  const minutes = (obj(p.CardParam).ExpMinutes as number | undefined) ?? 10;
  const order: SandboxOrder = {
    shopNo,
    orderNo,
    tsNo,
    payType,
    amount: wireAmount(p.Amount) as number,
    prdtName: p.PrdtName as string,
    memo: text(p.Memo) ?? "",
    params: [text(p.Param1) ?? "", text(p.Param2) ?? "", text(p.Param3) ?? ""],
    returnUrl: p.ReturnURL as string,
    backendUrl: text(p.BackendURL) ?? "",
    createdAt: now,
    expiresAt:
      payType === "A"
        ? (endOfWireDay(obj(p.ATMParam).ExpireDate as string) as Date)
        : new Date(now.getTime() + minutes * 60_000),
    pageTicket: ticket,
    atmMode: orderNo.endsWith("9") ? "never" : "auto",
    declinedAttempts: 0,
  };
  if (payType === "A") order.atmPayNo = ctx.store.nextAtmPayNo();
  ctx.store.orders.set(`${shopNo}\u0000${orderNo}`, order);

  const page = (kind: string) =>
    `${ctx.config.publicUrl}/QPay.WebPaySite/Bridge/${kind}?TD=${tsNo}&TK=${ticket}`;
  const common = {
    OrderNo: orderNo,
    ShopNo: shopNo,
    TSNo: tsNo,
    Amount: order.amount,
    Status: "S",
    Description: OK,
    PayType: payType,
  };
  return payType === "A"
    ? {
        ...common,
        ATMParam: {
          AtmPayNo: order.atmPayNo,
          WebAtmURL: page("PayWebATM"),
          OtpURL: page("PayOTP"),
        },
      }
    : { ...common, CardParam: { CardPayURL: page("PayCard") } };
}
