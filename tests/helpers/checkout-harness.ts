// Real parts wired together for use-case tests: a throwaway database of the chosen provider, the
// local LINE Pay sandbox on a random port, and the app's LINE Pay client talking to it over HTTP.
import { startSandbox, type SandboxHandle } from "@/lib/linepay-sandbox/server";
import { DEFAULT_BILLING_POLICY } from "@/lib/billing/billing-policy";
import { createLinePayGateway } from "@/lib/payments/linepay/linepay-gateway";
import { createPaymentProviders } from "@/lib/payments/payment-providers";
import type { AppDeps } from "@/lib/server/app-deps";
import { createLinePayClient, type LinePayClientOptions } from "@/lib/linepay";
import { generateKeyringEntry, parseKeyring } from "@/lib/security/secret-box";
import { createOrderFulfilment } from "@/lib/subscriptions/order-fulfilment";
import { createRegKeyVault } from "@/lib/subscriptions/regkey-vault";
import { createTestDatabase, type Provider, type TestDatabase } from "./test-databases";

export const TEST_CHANNEL = {
  channelId: "2000000001",
  channelSecret: "integration-test-channel-secret",
};

/** What the harness needs of a sandbox: in this process (SandboxHandle) or its own (SandboxProcess). */
export interface SandboxEndpoint {
  url: string;
  close(): Promise<void>;
}

export interface CheckoutHarness<S extends SandboxEndpoint = SandboxHandle> {
  database: TestDatabase;
  sandbox: S;
  /** The regKey keyring the harness seals with, for runner processes started by a test. */
  keyringSpec: string;
  deps: AppDeps;
  /** Deps whose LINE Pay client gets extra options (custom fetch, short timeouts) and clock. */
  depsWith(options: Partial<LinePayClientOptions>, now?: () => Date): AppDeps;
  createShopper(email?: string): Promise<{ id: string; email: string }>;
  /** What the sandbox's payment page does when the shopper presses a button. */
  shopperAction(
    transactionId: string,
    action: "approve" | "cancel" | "fail",
  ): Promise<{ redirectUrl: string | null }>;
  ledger(): Promise<SandboxLedger>;
  close(): Promise<void>;
}

export interface SandboxLedger {
  transactions: Array<{
    transactionId: string;
    orderId: string;
    state: string;
    amount: number;
    currency: string;
    refunds: unknown[];
  }>;
}

export async function createCheckoutHarness(provider: Provider): Promise<CheckoutHarness>;
export async function createCheckoutHarness<S extends SandboxEndpoint>(
  provider: Provider,
  startExternalSandbox: (channel: typeof TEST_CHANNEL) => Promise<S>,
): Promise<CheckoutHarness<S>>;
export async function createCheckoutHarness(
  provider: Provider,
  startExternalSandbox?: (channel: typeof TEST_CHANNEL) => Promise<SandboxEndpoint>,
): Promise<CheckoutHarness<SandboxEndpoint>> {
  const database = await createTestDatabase(provider);
  const sandbox = startExternalSandbox
    ? await startExternalSandbox(TEST_CHANNEL)
    : await startSandbox({ port: 0, channels: [{ ...TEST_CHANNEL, currency: "TWD" }] });
  let shopperCount = 0;

  const keyringSpec = generateKeyringEntry("test1");
  const vault = createRegKeyVault(parseKeyring(keyringSpec));
  const depsWith = (
    options: Partial<LinePayClientOptions>,
    now: () => Date = () => new Date(),
  ): AppDeps => {
    const gateway = createLinePayGateway({
      db: database.db,
      now,
      createClient: (onCall) =>
        createLinePayClient({ baseUrl: sandbox.url, ...TEST_CHANNEL, ...options, onCall }),
    });
    const policy = DEFAULT_BILLING_POLICY;
    const payments = createPaymentProviders({ LINEPAY: gateway }, "LINEPAY");
    return {
      db: database.db,
      payments,
      collections: {},
      vault,
      policy,
      fulfilment: createOrderFulfilment({ db: database.db, vault, policy, payments, now }),
      now,
      appBaseUrl: "http://shop.test",
    };
  };

  return {
    database,
    sandbox,
    keyringSpec,
    deps: depsWith({}),
    depsWith,
    async createShopper(email = `shopper-${++shopperCount}@example.com`) {
      return database.db.user.create({
        data: { email, role: "SHOPPER" },
        select: { id: true, email: true },
      });
    },
    async shopperAction(transactionId, action) {
      const response = await fetch(`${sandbox.url}/__sandbox/payments/${transactionId}/${action}`, {
        method: "POST",
      });
      if (!response.ok)
        throw new Error(`sandbox ${action} failed: ${response.status} ${await response.text()}`);
      return (await response.json()) as { redirectUrl: string | null };
    },
    async ledger() {
      return (await (await fetch(`${sandbox.url}/__sandbox/ledger`)).json()) as SandboxLedger;
    },
    async close() {
      await sandbox.close();
      await database.drop();
    },
  };
}

/** The orderId/transactionId LINE Pay appended to our confirmUrl or cancelUrl. */
export function redirectParams(redirectUrl: string | null): {
  orderId: string;
  transactionId: string;
} {
  if (!redirectUrl) throw new Error("the sandbox gave no redirect URL");
  const params = new URL(redirectUrl).searchParams;
  return { orderId: params.get("orderId") ?? "", transactionId: params.get("transactionId") ?? "" };
}
