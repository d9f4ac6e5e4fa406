// The SinoPac half of the chaos test: card and ATM purchases against the QPay emulator over real
// HTTP, with a fixed-seed share of OrderCreate / OrderPayQuery / OrderQuery calls faulted (500s,
// bare error strings, answers lost after the bank acted, answers slower than the client's timeout,
// wrong Signs), BackendURL notifications lost, refused or acknowledged-then-retried, and browser
// returns racing each other and the notifications. The shop's notify endpoint is a real HTTP
// server here doing what app/api/sinopac/notify does. The books are then read against the
// emulator's own ledger: every order the bank shows paid is one PAID order for the same amount.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { startCardCheckout } from "@/lib/checkout/start-card-checkout";
import {
  receiveCollectionNotification,
  receiveCollectionReturn,
} from "@/lib/checkout/settle-collection-token";
import { startTransferCheckout } from "@/lib/checkout/start-transfer-checkout";
import type { Db } from "@/lib/db/client";
import type { CollectionGateway } from "@/lib/payments/collection-gateway";
import { createSinoPacGateway } from "@/lib/payments/sinopac/sinopac-gateway";
import type { AppDeps } from "@/lib/server/app-deps";
import { createSinoPacClient } from "@/lib/sinopac";
import type { FaultAction } from "@/lib/sinopac-sandbox/faults";
import { payByCard, payByTransfer } from "@/lib/sinopac-sandbox/payments";
import {
  DECLINED_TEST_CARD,
  DEFAULT_APPROVED_CARDS,
  startSinoPacSandbox,
  type SinoPacSandboxHandle,
} from "@/lib/sinopac-sandbox/server";
import { sinoPacTestShop } from "./sinopac-test-shop";

const SHOP = sinoPacTestShop("chaos-test-key-id-0001");

type Fault = { action: FaultAction; delayMs?: number } | null;
type Table<T> = ReadonlyArray<readonly [number, T]>;
export type Draw = <T>(table: Table<T>, otherwise: T) => T;

/** How the shop's notify endpoint treats the deliveries of one payment. */
type NotifyFate = "ok" | "first_lost" | "ack_lost" | "all_lost";

export interface SinoPacPurchasePlan {
  plan: string;
  method: "card" | "atm";
  createFault: Fault;
  /**
   * card: return (double-submitted), close_tab, decline, decline_retry (declined, then paid on the
   * same card page, its return lost), abandon; atm: pay, never.
   */
  behaviour: "return" | "close_tab" | "decline" | "decline_retry" | "abandon" | "pay" | "never";
  payQueryFault: Fault;
  notify: NotifyFate;
  /** A browser return racing the BackendURL delivery of the same token. */
  raceReturn: boolean;
}

export function planSinoPacPurchase(draw: Draw, slowMs: number): SinoPacPurchasePlan {
  const method = draw<"card" | "atm">([[0.6, "card"]], "atm");
  return {
    plan: draw([[0.5, "vip-30"]], "vip-90"),
    method,
    createFault: draw<Fault>(
      [
        [0.05, { action: "http500" }],
        [0.04, { action: "drop_after" }], // the bank opened it; the shopper never saw it
        [0.03, { action: "delay_after", delayMs: slowMs }],
        [0.03, { action: "plain_text" }],
      ],
      null,
    ),
    behaviour:
      method === "card"
        ? draw(
            [
              [0.55, "return"],
              [0.15, "close_tab"],
              [0.1, "decline"],
              [0.08, "decline_retry"],
            ],
            "abandon" as const,
          )
        : draw([[0.75, "pay"]], "never" as const),
    payQueryFault: draw<Fault>(
      [
        [0.12, { action: "http500" }],
        [0.08, { action: "drop_after" }],
        [0.05, { action: "bad_sign" }],
        [0.05, { action: "delay_after", delayMs: slowMs }],
        [0.05, { action: "no_message" }],
      ],
      null,
    ),
    notify: draw<NotifyFate>(
      [
        [0.2, "first_lost"],
        [0.15, "ack_lost"],
        [0.15, "all_lost"],
      ],
      "ok",
    ),
    raceReturn: draw([[0.5, true]], false),
  };
}

export interface SinoPacChaos {
  emulator: SinoPacSandboxHandle;
  gateway: CollectionGateway;
  /** The shop's base URL as SinoPac sees it (its notify endpoint). */
  shopUrl: string;
  faultRules: number;
  faultsLeft(): number;
  notifications: Record<string, number>;
  addFault(service: string, fault: Fault): void;
  purchase(deps: AppDeps, shopperId: string, plan: SinoPacPurchasePlan): Promise<void>;
  books(db: Db): Promise<SinoPacBooks>;
  close(): Promise<void>;
}

export interface SinoPacBooks {
  bankPaid: number;
  differences: string[];
  lost: number;
  doubleCharges: number;
}

export async function startSinoPacChaos(input: {
  db: Db;
  now: () => Date;
  timeoutMs: number;
  notifyDeps: () => AppDeps;
}): Promise<SinoPacChaos> {
  const emulator = await startSinoPacSandbox({
    shops: [SHOP],
    clock: input.now,
    tickIntervalMs: 0,
    atmAutoPayAfterMs: null, // only transfers the shopper makes: nobody pays an account never shown
    notifyBackendForCards: true,
  });
  const gateway = createSinoPacGateway({
    db: input.db,
    shopNo: SHOP.shopNo,
    now: input.now,
    createClient: (onCall) =>
      createSinoPacClient({
        baseUrl: emulator.apiBaseUrl,
        shopNo: SHOP.shopNo,
        hashValues: SHOP.keys,
        keyId: SHOP.keyId,
        timeoutMs: input.timeoutMs,
        clock: input.now,
        onCall,
      }),
  });
  const fates = new Map<string, NotifyFate>();
  const attempts = new Map<string, number>();
  const notifications: Record<string, number> = { refused: 0, processed: 0, ackLost: 0 };

  // The shop's BackendURL: records and settles like app/api/sinopac/notify, then answers per fate.
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      void (async () => {
        const token = gateway.tokenFromNotification(body);
        const orderNo = token ? emulator.store.payResults.get(token)?.orderNo : undefined;
        const fate = (orderNo && fates.get(orderNo)) || "ok";
        const attempt = (attempts.get(token ?? "") ?? 0) + 1;
        attempts.set(token ?? "", attempt);
        if (!token || fate === "all_lost" || (fate === "first_lost" && attempt === 1)) {
          notifications.refused!++;
          res.writeHead(503).end();
          return;
        }
        await receiveCollectionNotification(input.notifyDeps(), {
          token,
          actor: "system:sinopac-notify",
        });
        notifications.processed!++;
        if (fate === "ack_lost" && attempt === 1) {
          notifications.ackLost!++;
          res.destroy(); // recorded and settled, but SinoPac never hears so: it will retry
          return;
        }
        res.writeHead(200, { "Content-Type": "application/json" }).end('{"Status":"S"}');
      })().catch(() => res.writeHead(500).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const shopUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const chaos: SinoPacChaos = {
    emulator,
    gateway,
    shopUrl,
    faultRules: 0,
    faultsLeft: () => emulator.context.faults.list().reduce((n, rule) => n + rule.times, 0),
    notifications,
    addFault(service, fault) {
      if (!fault) return;
      emulator.context.faults.add({ service, ...fault, times: 1 });
      chaos.faultRules++;
    },
    async purchase(deps, shopperId, plan) {
      chaos.addFault("OrderCreate", plan.createFault);
      const start = plan.method === "card" ? startCardCheckout : startTransferCheckout;
      let orderId: string;
      try {
        ({ orderId } = await start(deps, { userId: shopperId, planCode: plan.plan }));
      } catch {
        return; // the order is FAILED and the shopper was shown nothing to pay
      }
      fates.set(orderId, plan.notify);
      if (plan.behaviour === "abandon" || plan.behaviour === "never") return;
      if (plan.behaviour === "decline_retry") {
        const declined = pay(orderId, { ...plan, behaviour: "decline" });
        if (declined)
          await receiveCollectionReturn(deps, {
            token: declined,
            actor: "system:sinopac-return",
          }).catch(() => undefined);
      }
      const payToken = pay(orderId, plan);
      if (!payToken) return;
      chaos.addFault("OrderPayQuery", plan.payQueryFault);
      const browserReturn = () =>
        receiveCollectionReturn(deps, { token: payToken, actor: "system:sinopac-return" }).catch(
          () => undefined, // the bank could not be asked: the token waits for the job
        );
      const returns =
        plan.behaviour === "return" || plan.behaviour === "decline"
          ? [browserReturn(), browserReturn()] // a double-submitted return
          : plan.raceReturn && plan.method === "atm"
            ? [browserReturn()]
            : [];
      await Promise.all([...returns, emulator.tick()]);
    },
    books: (db) => readBooks(db, emulator),
    async close() {
      await emulator.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
    },
  };

  /** Pays at the bank (card page or transfer); the delivery is queued, sent on the next tick. */
  function pay(orderId: string, plan: SinoPacPurchasePlan): string | undefined {
    const order = emulator.store.order(SHOP.shopNo, orderId);
    if (!order) return undefined;
    if (plan.method === "atm") {
      if (payByTransfer(emulator.context, order)) return undefined;
      return emulator.store.deliveries.find((d) => d.orderNo === orderId)?.payToken;
    }
    const pan = plan.behaviour === "decline" ? DECLINED_TEST_CARD : DEFAULT_APPROVED_CARDS[0]!;
    const attempt = payByCard(emulator.context, order, pan);
    return attempt.ok ? attempt.token.payToken : undefined;
  }

  return chaos;
}

async function readBooks(db: Db, emulator: SinoPacSandboxHandle): Promise<SinoPacBooks> {
  const bankPaid = [...emulator.store.orders.values()].filter((o) => o.paidAt);
  const orders = await db.order.findMany({ where: { provider: "SINOPAC" } });
  const byOrderId = new Map(orders.map((o) => [o.orderId, o]));
  const PAID = new Set(["PAID", "PARTIALLY_REFUNDED", "REFUNDED"]);
  const differences: string[] = [];
  let lost = 0;
  for (const bank of bankPaid) {
    const order = byOrderId.get(bank.orderNo);
    if (!order || !PAID.has(order.status)) {
      lost++;
      differences.push(`SinoPac paid ${bank.orderNo} (${bank.tsNo}), order ${order?.status}`);
    } else if (order.transactionId !== bank.tsNo)
      differences.push(`${bank.orderNo}: TSNo ${bank.tsNo}, order says ${order.transactionId}`);
    else if (order.amountMinor * 100 !== bank.amount)
      differences.push(`${bank.orderNo}: paid ${order.amountMinor}, SinoPac ${bank.amount / 100}`);
  }
  const paidAtBank = new Set(bankPaid.map((o) => o.orderNo));
  for (const order of orders)
    if (PAID.has(order.status) && !paidAtBank.has(order.orderId))
      differences.push(`order ${order.orderId} is ${order.status} but SinoPac shows no payment`);
  // Each shopper bought once: two payments for one shopper would be a double charge.
  const perShopper = new Map<string, number>();
  for (const bank of bankPaid) {
    const userId = byOrderId.get(bank.orderNo)?.userId ?? bank.orderNo;
    perShopper.set(userId, (perShopper.get(userId) ?? 0) + 1);
  }
  const doubleCharges = [...perShopper.values()].filter((n) => n > 1).length;
  return { bankPaid: bankPaid.length, differences, lost, doubleCharges };
}
