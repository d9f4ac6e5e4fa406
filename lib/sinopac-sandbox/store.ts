// The emulator's ledger: orders, PayTokens and BackendURL deliveries, in memory.
export type PayType = "A" | "C";

export interface SandboxOrder {
  shopNo: string;
  orderNo: string;
  tsNo: string;
  payType: PayType;
  /** Wire amount (NT$ × 100). */
  amount: number;
  prdtName: string;
  memo: string;
  params: [string, string, string];
  returnUrl: string;
  backendUrl: string;
  createdAt: Date;
  /** Card: CardPayURL lifetime; ATM: 23:59:59 Taiwan time of ExpireDate. */
  expiresAt: Date;
  /** ATM virtual account (14 digits) or the card page ticket. */
  atmPayNo?: string;
  pageTicket: string;
  paidAt?: Date;
  cardLast4?: string;
  /** "never" = an order number ending in 9 or held through the control API. */
  atmMode: "auto" | "never";
  declinedAttempts: number;
}

export interface PayResultRecord {
  payToken: string;
  shopNo: string;
  orderNo: string;
  status: "S" | "F";
  description: string;
  at: Date;
}

export interface Delivery {
  id: number;
  shopNo: string;
  orderNo: string;
  payToken: string;
  url: string;
  attempts: { at: string; outcome: string }[];
  nextAt: Date | undefined;
  state: "pending" | "delivered" | "gave_up";
}

export class SandboxStore {
  readonly orders = new Map<string, SandboxOrder>();
  readonly payResults = new Map<string, PayResultRecord>();
  readonly deliveries: Delivery[] = [];
  private tsCounter = 0;
  private deliveryCounter = 0;

  static key(shopNo: string, orderNo: string): string {
    return `${shopNo}\u0000${orderNo}`;
  }

  order(shopNo: string, orderNo: string): SandboxOrder | undefined {
    return this.orders.get(SandboxStore.key(shopNo, orderNo));
  }

  nextTsNo(shopNo: string): string {
    this.tsCounter += 1;
    return `${shopNo.split("_")[0] ?? shopNo}${String(this.tsCounter).padStart(8, "0")}`;
  }

  nextAtmPayNo(): string {
    return `99922${String(this.tsCounter).padStart(9, "0")}`;
  }

  addDelivery(d: Omit<Delivery, "id" | "attempts" | "state">): Delivery {
    this.deliveryCounter += 1;
    const delivery: Delivery = { ...d, id: this.deliveryCounter, attempts: [], state: "pending" };
    this.deliveries.push(delivery);
    return delivery;
  }

  reset(): void {
    this.orders.clear();
    this.payResults.clear();
    this.deliveries.length = 0;
  }
}
