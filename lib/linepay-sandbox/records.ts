// Plain records kept by the store. Amounts are integers in minor units; ids and regKeys are strings.
import type { TransactionState } from "./state-machine";

export type ConfirmUrlType = "CLIENT" | "SERVER" | "NONE";
export type PayType = "NORMAL" | "PREAPPROVED";

export interface ProductRecord {
  id?: string;
  name: string;
  imageUrl?: string;
  quantity: number;
  priceMinor: number;
  originalPriceMinor?: number;
}

export interface PackageRecord {
  id: string;
  name?: string;
  amountMinor: number;
  userFeeMinor?: number;
  products: ProductRecord[];
}

export interface RefundRecord {
  refundTransactionId: string;
  amountMinor: number;
  date: Date;
  type: "PARTIAL_REFUND" | "PAYMENT_REFUND";
}

export interface TransitionRecord {
  at: Date;
  from: TransactionState | null;
  to: TransactionState;
  reason: string;
}

export interface TransactionRecord {
  transactionId: string;
  channelId: string;
  orderId: string;
  currency: string;
  amountMinor: number;
  productName: string;
  packages: PackageRecord[];
  redirect: { confirmUrl?: string; cancelUrl?: string; confirmUrlType: ConfirmUrlType };
  capture: boolean;
  payType: PayType;
  /** Paid with a regKey (no payment page) instead of a Request/Confirm pair. */
  viaRegKey?: string;
  reserveToken?: string;
  paymentAccessToken?: string;
  state: TransactionState;
  createdAt: Date;
  reservationExpiresAt?: Date;
  confirmedAt?: Date;
  authorizationExpireDate?: Date;
  capturedMinor?: number;
  refunds: RefundRecord[];
  /** Issued at confirm for PREAPPROVED requests. */
  regKey?: string;
  history: TransitionRecord[];
}

export interface RegKeyRecord {
  regKey: string;
  channelId: string;
  transactionId: string;
  orderId: string;
  state: "ACTIVE" | "EXPIRED";
  createdAt: Date;
  /** End of its lifetime on the sandbox clock (regKeyTtlMs after confirm or its last payment). */
  expiresAt: Date;
  /** When it actually became EXPIRED (lifetime end, merchant expire or the control API). */
  expiredAt?: Date;
  expiredReason?: string;
}

export interface StoreSettings {
  reservationTtlMs: number;
  authorizationTtlMs: number;
  regKeyTtlMs: number;
}

export type NewTransaction = Omit<
  TransactionRecord,
  | "transactionId"
  | "state"
  | "createdAt"
  | "refunds"
  | "history"
  | "reserveToken"
  | "paymentAccessToken"
>;
