// Builders for the `info` objects LINE returns. Ids go through wireId so they are written as bare
// JSON numbers; amounts go back from minor units to currency units.
import { wireId } from "./json";
import { fromMinorUnits } from "./money";
import type { ResolvedChannel } from "./options";
import type { RefundRecord, TransactionRecord } from "./records";
import { payStatus } from "./state-machine";

/** LINE's date format: ISO 8601 in UTC without milliseconds (2018-08-25T09:15:01Z). */
export function lineDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function money(tx: TransactionRecord, minor: number): number {
  return fromMinorUnits(minor, tx.currency);
}

/** Confirm's payInfo carries card fields; other endpoints only method + amount. */
export function payInfo(tx: TransactionRecord, minor: number, withCard = false) {
  const base = { method: "CREDIT_CARD", amount: money(tx, minor) };
  if (!withCard) return [base];
  return [
    {
      ...base,
      creditCardNickname: "",
      creditCardBrand: "VISA",
      maskedCreditCardNumber: "**** **** **** 1234",
    },
  ];
}

export function packagesInfo(tx: TransactionRecord) {
  return tx.packages.map((p) => ({
    id: p.id,
    amount: money(tx, p.amountMinor),
    userFeeAmount: money(tx, p.userFeeMinor ?? 0),
    ...(p.name === undefined ? {} : { name: p.name }),
    products: p.products.map((product) => ({
      ...(product.id === undefined ? {} : { id: product.id }),
      name: product.name,
      ...(product.imageUrl === undefined ? {} : { imageUrl: product.imageUrl }),
      quantity: product.quantity,
      price: money(tx, product.priceMinor),
      ...(product.originalPriceMinor === undefined
        ? {}
        : { originalPrice: money(tx, product.originalPriceMinor) }),
    })),
  }));
}

export function refundedMinor(tx: TransactionRecord): number {
  return tx.refunds.reduce((sum, r) => sum + r.amountMinor, 0);
}

/** Amount that moved at confirm/capture (authorized amount while only authorized). */
export function paidMinor(tx: TransactionRecord): number {
  return tx.capturedMinor ?? tx.amountMinor;
}

/** One Payment Details entry for a payment. */
export function paymentDetailsEntry(tx: TransactionRecord, channel: ResolvedChannel) {
  return {
    transactionId: wireId(tx.transactionId),
    transactionDate: lineDate(tx.confirmedAt ?? tx.createdAt),
    transactionType: "PAYMENT",
    payStatus: payStatus(tx.state),
    orderId: tx.orderId,
    productName: tx.productName,
    merchantName: channel.merchantName,
    currency: tx.currency,
    ...(tx.authorizationExpireDate
      ? { authorizationExpireDate: lineDate(tx.authorizationExpireDate) }
      : {}),
    payInfo: payInfo(tx, paidMinor(tx)),
    ...(tx.refunds.length > 0 ? { refundList: tx.refunds.map((r) => refundListItem(tx, r)) } : {}),
    ...(tx.packages.length > 0 ? { packages: packagesInfo(tx) } : {}),
  };
}

/** Payment Details entry when the queried id is a refund id (carries originalTransactionId). */
export function refundDetailsEntry(
  tx: TransactionRecord,
  refund: RefundRecord,
  channel: ResolvedChannel,
) {
  return {
    transactionId: wireId(refund.refundTransactionId),
    originalTransactionId: wireId(tx.transactionId),
    transactionDate: lineDate(refund.date),
    transactionType: refund.type,
    orderId: tx.orderId,
    productName: tx.productName,
    merchantName: channel.merchantName,
    currency: tx.currency,
    payInfo: [{ method: "CREDIT_CARD", amount: -money(tx, refund.amountMinor) }],
  };
}

function refundListItem(tx: TransactionRecord, refund: RefundRecord) {
  return {
    refundTransactionId: wireId(refund.refundTransactionId),
    transactionType: refund.type,
    // LINE reports refunds as negative amounts.
    refundAmount: -money(tx, refund.amountMinor),
    refundTransactionDate: lineDate(refund.date),
  };
}
