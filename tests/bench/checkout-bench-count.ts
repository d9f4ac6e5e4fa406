// Database statements and transactions per checkout, counted in this process: what the route
// handler (app/api/linepay/checkout/route.ts) does for one checkout — the session's user lookup,
// the per-shopper rate limit, remembering the shopper's language and startCheckout — against a fresh SQLite database, the app's LINE Pay
// client talking to the sandbox process. The imports below are the ones to update when lib/ moves.
import { findSessionUser, setUserLocale } from "@/lib/db/user-repository";
import { startCheckout } from "@/lib/checkout/start-checkout";
import { RATE_LIMITS } from "@/lib/security/rate-limit-rules";
import { enforceRateLimit } from "@/lib/security/rate-limiter";
import { createCheckoutHarness, type SandboxEndpoint } from "../helpers/checkout-harness";
import { countsBetween, type StatementCounter } from "./checkout-bench-statements";

export interface CheckoutStatements {
  perCheckout: {
    statements: number;
    orm: number;
    inTransactions: number;
    transactions: number;
  };
  /** The SQL of one checkout, in order, tagged orm / tx. */
  oneCheckout: string[];
}

export async function countCheckoutStatements(
  counter: StatementCounter,
  sandbox: SandboxEndpoint,
  n: number,
  planCode: string,
): Promise<CheckoutStatements> {
  // The sandbox belongs to the caller: the harness must not close it.
  const h = await createCheckoutHarness("sqlite", async () => ({
    url: sandbox.url,
    close: async () => {},
  }));
  try {
    const shoppers = [];
    for (let i = 0; i <= n; i++) {
      const shopper = await h.createShopper();
      // Sign-up stores the language the shopper signed up in (app/api/account/signup).
      await setUserLocale(h.database.db, { id: shopper.id }, "en");
      shoppers.push(shopper);
    }
    const checkout = async (shopperId: string) => {
      const user = await findSessionUser(h.database.db, shopperId, 0); // getSessionUser
      if (!user) throw new Error("the shopper is missing");
      await enforceRateLimit(h.database.db, RATE_LIMITS.checkoutPerUser, user.id, new Date());
      await setUserLocale(h.database.db, user, "en");
      const result = await startCheckout(h.deps, {
        userId: user.id,
        planCode,
        preferAppUrl: false,
      });
      if (!result.redirectUrl.includes("/web/payment/"))
        throw new Error(`unexpected checkout redirect ${result.redirectUrl}`);
    };
    await checkout((shoppers[0] as { id: string }).id); // warm-up: connection set-up, first-use work

    const before = counter.counts();
    for (let i = 1; i <= n; i++) {
      counter.record = i === 1;
      await checkout((shoppers[i] as { id: string }).id);
      counter.record = false;
    }
    const c = countsBetween(before, counter.counts());
    const per = (x: number) => x / n;
    return {
      perCheckout: {
        statements: per(c.ormStatements + c.ormStatementsInTransactions),
        orm: per(c.ormStatements),
        inTransactions: per(c.ormStatementsInTransactions),
        transactions: per(c.transactions),
      },
      oneCheckout: counter.recorded.splice(0),
    };
  } finally {
    await h.close();
  }
}
