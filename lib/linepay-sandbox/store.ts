// In-memory state of the sandbox: transactions, refunds, regKeys, in-flight locks and fault rules.
// Expiry is applied lazily on every read, so moving the sandbox clock is enough to expire things.
// Every lookup on the API path goes through a Map (id, token, orderId, refund id, regKey), so a
// call costs the same with 10 or 100,000 transactions in memory.
import type { SandboxClock } from "./clock";
import {
  createTransactionIdFactory,
  mintPaymentAccessToken,
  mintRegKey,
  mintReserveToken,
} from "./ids";
import { FaultRegistry } from "./fault-registry";
import { OutcomeRegistry } from "./outcomes";
import type {
  NewTransaction,
  RefundRecord,
  RegKeyRecord,
  StoreSettings,
  TransactionRecord,
} from "./records";
import { assertTransition, type TransactionState } from "./state-machine";

/** History reason of the automatic cancel when the 20-minute window passes. */
export const RESERVATION_EXPIRED_REASON = "reservation expired (not confirmed within the window)";

export class SandboxStore {
  readonly faults = new FaultRegistry();
  /** The original scripted-outcome API, kept as an adapter over `faults`. */
  readonly outcomes = new OutcomeRegistry(this.faults);
  private transactions = new Map<string, TransactionRecord>();
  private byToken = new Map<string, string>();
  private byOrder = new Map<string, string>();
  private refundIndex = new Map<string, string>();
  private regKeys = new Map<string, RegKeyRecord>();
  private locks = new Set<string>();
  // Not reset by reset(): ids stay unique for a client database that outlives a reset.
  private readonly nextId = createTransactionIdFactory();

  constructor(
    readonly clock: SandboxClock,
    readonly settings: StoreSettings,
  ) {}

  /** A Request (needs the payment page) or a regKey payment (born confirmed). */
  create(input: NewTransaction, initial: TransactionState, reason: string): TransactionRecord {
    const now = this.clock.now();
    const tx: TransactionRecord = {
      ...input,
      transactionId: this.nextId(now),
      state: initial,
      createdAt: now,
      refunds: [],
      history: [{ at: now, from: null, to: initial, reason }],
    };
    this.stamp(tx, now);
    if (initial === "RESERVED") {
      tx.reserveToken = mintReserveToken();
      tx.paymentAccessToken = mintPaymentAccessToken();
      tx.reservationExpiresAt = new Date(now.getTime() + this.settings.reservationTtlMs);
      this.byToken.set(tx.reserveToken, tx.transactionId);
    }
    this.transactions.set(tx.transactionId, tx);
    this.byOrder.set(orderKey(tx.channelId, tx.orderId), tx.transactionId);
    return tx;
  }

  transition(tx: TransactionRecord, to: TransactionState, reason: string): void {
    assertTransition(tx.state, to);
    const at = this.clock.now();
    tx.history.push({ at, from: tx.state, to, reason });
    tx.state = to;
    this.stamp(tx, at);
  }

  /** Confirmation time and authorization deadline follow from entering AUTHORIZED/CAPTURED. */
  private stamp(tx: TransactionRecord, at: Date): void {
    if ((tx.state === "AUTHORIZED" || tx.state === "CAPTURED") && !tx.confirmedAt)
      tx.confirmedAt = at;
    if (tx.state === "AUTHORIZED") {
      tx.authorizationExpireDate = new Date(at.getTime() + this.settings.authorizationTtlMs);
    }
  }

  /** Looks a transaction up for one channel; other channels' ids are as good as unknown. */
  get(transactionId: string, channelId?: string): TransactionRecord | undefined {
    const tx = this.transactions.get(transactionId);
    if (!tx || (channelId !== undefined && tx.channelId !== channelId)) return undefined;
    return this.refresh(tx);
  }

  getByReserveToken(token: string): TransactionRecord | undefined {
    const id = this.byToken.get(token);
    return id === undefined ? undefined : this.get(id);
  }

  getByOrderId(channelId: string, orderId: string): TransactionRecord | undefined {
    const id = this.byOrder.get(orderKey(channelId, orderId));
    return id === undefined ? undefined : this.get(id);
  }

  isOrderIdUsed(channelId: string, orderId: string): boolean {
    return this.byOrder.has(orderKey(channelId, orderId));
  }

  addRefund(tx: TransactionRecord, amountMinor: number, type: RefundRecord["type"]): RefundRecord {
    const now = this.clock.now();
    const refund = { refundTransactionId: this.nextId(now), amountMinor, date: now, type };
    tx.refunds.push(refund);
    this.refundIndex.set(refund.refundTransactionId, tx.transactionId);
    return refund;
  }

  /** The payment a refund id belongs to, for Payment Details queried by refund id. */
  getRefund(refundTransactionId: string, channelId: string) {
    const owner = this.refundIndex.get(refundTransactionId);
    const tx = owner === undefined ? undefined : this.get(owner, channelId);
    const refund = tx?.refunds.find((r) => r.refundTransactionId === refundTransactionId);
    return tx && refund ? { tx, refund } : undefined;
  }

  issueRegKey(tx: TransactionRecord): RegKeyRecord {
    const now = this.clock.now();
    const record: RegKeyRecord = {
      regKey: mintRegKey(),
      channelId: tx.channelId,
      transactionId: tx.transactionId,
      orderId: tx.orderId,
      state: "ACTIVE",
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.settings.regKeyTtlMs),
    };
    this.regKeys.set(record.regKey, record);
    tx.regKey = record.regKey;
    return record;
  }

  getRegKey(regKey: string, channelId: string): RegKeyRecord | undefined {
    const record = this.findRegKey(regKey);
    return record && record.channelId === channelId ? record : undefined;
  }

  /** Any channel's regKey (control API), with its lifetime applied on the sandbox clock. */
  findRegKey(regKey: string): RegKeyRecord | undefined {
    const record = this.regKeys.get(regKey);
    if (record?.state === "ACTIVE" && this.clock.now() >= record.expiresAt) {
      record.state = "EXPIRED";
      record.expiredAt = record.expiresAt;
      record.expiredReason = "lifetime elapsed";
    }
    return record;
  }

  /** A successful payment with the key starts its lifetime again (see regKeyTtlMs). */
  extendRegKey(record: RegKeyRecord): void {
    if (record.state === "ACTIVE")
      record.expiresAt = new Date(this.clock.now().getTime() + this.settings.regKeyTtlMs);
  }

  expireRegKey(record: RegKeyRecord, reason: string): void {
    if (record.state === "EXPIRED") return;
    record.state = "EXPIRED";
    record.expiredAt = this.clock.now();
    record.expiredReason = reason;
  }

  /** In-flight guard behind 1198 (same transaction) and 1197 (same regKey). */
  tryLock(key: string): boolean {
    if (this.locks.has(key)) return false;
    this.locks.add(key);
    return true;
  }

  unlock(key: string): void {
    this.locks.delete(key);
  }

  allTransactions(): TransactionRecord[] {
    return [...this.transactions.values()].map((tx) => this.refresh(tx));
  }

  allRegKeys(): RegKeyRecord[] {
    return [...this.regKeys.values()].map((r) => this.findRegKey(r.regKey) ?? r);
  }

  reset(): void {
    for (const map of [
      this.transactions,
      this.byToken,
      this.byOrder,
      this.refundIndex,
      this.regKeys,
    ])
      map.clear();
    this.locks.clear();
    this.faults.clear();
  }

  private refresh(tx: TransactionRecord): TransactionRecord {
    const now = this.clock.now();
    const pending = tx.state === "RESERVED" || tx.state === "AUTHENTICATED";
    if (pending && tx.reservationExpiresAt && now >= tx.reservationExpiresAt) {
      this.transition(tx, "CANCELLED", RESERVATION_EXPIRED_REASON);
    } else if (
      tx.state === "AUTHORIZED" &&
      tx.authorizationExpireDate &&
      now >= tx.authorizationExpireDate
    ) {
      this.transition(tx, "EXPIRED", "authorization expired before capture");
    }
    return tx;
  }
}

function orderKey(channelId: string, orderId: string): string {
  return `${channelId}\u0000${orderId}`;
}
