// Every route handler, page and server action of the app, with who may use it and how to make a
// valid request. The authorization matrix (authz-matrix.spec.ts) and the fuzz tests
// (fuzz-routes.spec.ts) walk this list; tests/unit/route-catalog.test.ts fails when app/ gains a
// route.ts method, a page or a "use server" export that is missing here. One entry per route/action:
// a new one is one more object in CATALOG.

export const IDENTITIES = ["anonymous", "shopperA", "shopperB", "admin", "cron"] as const;
/** shopperB is "another shopper": every request uses shopper A's order and subscription ids. */
export type Identity = (typeof IDENTITIES)[number];

/** The resources the requests point at: shopper A's paid order and live subscription. */
export interface CatalogContext {
  orderId: string;
  transactionId: string;
  subscriptionId: string;
  /** An existing account's email (sign-up with it is refused as taken, so no account is created). */
  takenEmail: string;
}

export type Outcome =
  /** Past the authorization check: this status, or one of these (and Location, when given). */
  | { kind: "allowed"; status: number | readonly number[]; location?: RegExp }
  /** Sent to the sign-in page (a 3xx, or a server action's redirect header). */
  | { kind: "sign-in" }
  /** Refused with this status (401 no credentials, 403 not allowed, 404 someone else's resource). */
  | { kind: "refused"; status: 401 | 403 | 404 }
  /** Refused, for the shop's own form posts: a 303 to the problem page with this reason. */
  | { kind: "problem"; reason: string };

export interface ActionCall {
  /** The "use server" file and export (ids come from the build's server-reference-manifest). */
  file: string;
  exportName: string;
  /** Arguments before the form: useActionState passes the previous state first. */
  leadingArgs: unknown[];
  /** The form's fields, or null for an action that takes no form. */
  form: Record<string, string> | null;
}

export interface CatalogRequest {
  method: "GET" | "POST";
  path: string;
  form?: Record<string, string>;
  /** A urlencoded body sent as is (repeated keys), instead of `form`. */
  rawForm?: [string, string][];
  /** Adds next-auth's CSRF token (fetched by the same identity) to the form. */
  withCsrfToken?: boolean;
  headers?: Record<string, string>;
  json?: unknown;
  action?: ActionCall;
}

export interface CatalogEntry {
  kind: "route" | "page" | "action";
  /** The file under app/ and the export (HTTP method, "default" for pages, the action's name). */
  file: string;
  exportName: string;
  request: (ctx: CatalogContext) => CatalogRequest;
  outcomes: Record<Identity, Outcome>;
  /** True when an allowed call may write; otherwise every cell must leave the database unchanged. */
  allowedWrites: boolean;
}

const ok = (status: number | readonly number[] = 200, location?: RegExp): Outcome => ({
  kind: "allowed",
  status,
  location,
});
const signIn: Outcome = { kind: "sign-in" };
const refused = (status: 401 | 403 | 404): Outcome => ({ kind: "refused", status });
const everyone = (outcome: Outcome): Record<Identity, Outcome> => ({
  anonymous: outcome,
  shopperA: outcome,
  shopperB: outcome,
  admin: outcome,
  cron: outcome,
});
const cronOnly = (allowed: Outcome): Record<Identity, Outcome> => ({
  ...everyone(refused(401)),
  cron: allowed,
});
const adminApi: Record<Identity, Outcome> = {
  anonymous: refused(401),
  shopperA: refused(403),
  shopperB: refused(403),
  admin: ok(),
  cron: refused(401),
};
const adminPage = (allowed: Outcome = ok()): Record<Identity, Outcome> => ({
  anonymous: signIn,
  shopperA: refused(403),
  shopperB: refused(403),
  admin: allowed,
  cron: signIn,
});
/** A signed-in shopper's own resource: the owner sees it, anyone else gets a not-found. */
const ownerOnly = (owner: Outcome): Record<Identity, Outcome> => ({
  anonymous: signIn,
  shopperA: owner,
  shopperB: refused(404),
  admin: refused(404),
  cron: signIn,
});
/** The same for a form post: anyone else is sent to the problem page ("not found"). */
const ownerOnlyForm = (owner: Outcome, notFound: string): Record<Identity, Outcome> => ({
  ...ownerOnly(owner),
  shopperB: { kind: "problem", reason: notFound },
  admin: { kind: "problem", reason: notFound },
});
const signedIn = (allowed: Outcome): Record<Identity, Outcome> => ({
  anonymous: signIn,
  shopperA: allowed,
  shopperB: allowed,
  admin: allowed,
  cron: signIn,
});

// Fresh per run: each credentials cell below is one wrong password for its email, five cells in
// all, which is exactly the per-email limit.
const RUN = Date.now().toString(36);
const NO_JSON_EMAIL = `matrix-nojson-${RUN}@example.com`;
const FORWARDED_EMAIL = `matrix-forwarded-${RUN}@example.com`;

const ORDER_ACTIONS = "app/admin/orders/[orderId]/actions.ts";
const SUBSCRIPTION_ACTIONS = "app/admin/subscriptions/[subscriptionId]/actions.ts";
const IDLE = { kind: "idle" };
const enc = encodeURIComponent;

export const CATALOG: CatalogEntry[] = [
  // Route handlers
  {
    kind: "route",
    file: "app/api/health/route.ts",
    exportName: "GET",
    request: () => ({ method: "GET", path: "/api/health" }),
    outcomes: everyone(ok()),
    allowedWrites: false,
  },
  {
    kind: "route",
    file: "app/api/health/ready/route.ts",
    exportName: "GET",
    request: () => ({ method: "GET", path: "/api/health/ready" }),
    // 503 while the jobs have not run recently in this stack's (moving) clock: a health answer.
    outcomes: everyone(ok([200, 503])),
    allowedWrites: false,
  },
  {
    kind: "route",
    file: "app/api/auth/[...nextauth]/route.ts",
    exportName: "GET",
    request: () => ({ method: "GET", path: "/api/auth/providers" }),
    outcomes: everyone(ok()),
    allowedWrites: false,
  },
  {
    kind: "route",
    file: "app/api/auth/[...nextauth]/route.ts",
    exportName: "POST",
    // Without next-auth's CSRF token a credentials post goes back to the sign-in page, whoever sends it.
    request: (ctx) => ({
      method: "POST",
      path: "/api/auth/callback/credentials",
      form: { email: ctx.takenEmail, password: "not the password" },
    }),
    outcomes: everyone(ok(302, /\/signin\?csrf=true/)),
    allowedWrites: false,
  },
  {
    kind: "route",
    file: "app/api/auth/[...nextauth]/route.ts",
    exportName: "POST",
    // The email twice (the limit once counted the first, next-auth checked the last): refused.
    request: (ctx) => ({
      method: "POST",
      path: "/api/auth/callback/credentials",
      rawForm: [
        ["email", "decoy@example.com"],
        ["email", ctx.takenEmail],
        ["password", "not the password"],
      ],
      withCsrfToken: true,
    }),
    outcomes: everyone(ok(400)),
    allowedWrites: false,
  },
  {
    kind: "route",
    file: "app/api/auth/[...nextauth]/route.ts",
    exportName: "POST",
    // A real attempt without json=true: next-auth's 302 to its error page, counted for the email.
    request: () => ({
      method: "POST",
      path: "/api/auth/callback/credentials",
      form: { email: NO_JSON_EMAIL, password: "not the password" },
      withCsrfToken: true,
    }),
    outcomes: everyone(ok(302, /error=CredentialsSignin/)),
    allowedWrites: false,
  },
  {
    kind: "route",
    file: "app/api/auth/[...nextauth]/route.ts",
    exportName: "POST",
    // Forwarded headers a client made up change nothing about who it is or what it may do.
    request: () => ({
      method: "POST",
      path: "/api/auth/callback/credentials",
      form: { email: FORWARDED_EMAIL, password: "not the password", json: "true" },
      withCsrfToken: true,
      headers: {
        "X-Forwarded-For": "127.0.0.1, 10.0.0.1, 198.18.200.1",
        "X-Real-IP": "127.0.0.1",
        "X-Forwarded-Host": "evil.example",
      },
    }),
    outcomes: everyone(ok(401)),
    allowedWrites: false,
  },
  {
    kind: "route",
    file: "app/api/account/signup/route.ts",
    exportName: "POST",
    // Sign-up is open to anyone; a taken email gets the answer a new one gets (202), writing nothing.
    request: (ctx) => ({
      method: "POST",
      path: "/api/account/signup",
      json: { email: ctx.takenEmail, password: "long enough password" },
    }),
    outcomes: everyone(ok(202)),
    allowedWrites: false,
  },
  {
    kind: "route",
    file: "app/api/linepay/checkout/route.ts",
    exportName: "POST",
    request: () => ({
      method: "POST",
      path: "/api/linepay/checkout",
      form: { planCode: "vip-30" },
    }),
    outcomes: signedIn(ok(303, /\/web\/payment\/wait\?transactionReserveId=/)),
    allowedWrites: true,
  },
  {
    kind: "route",
    file: "app/api/sinopac/checkout/route.ts",
    exportName: "POST",
    request: () => ({
      method: "POST",
      path: "/api/sinopac/checkout",
      form: { planCode: "vip-30" },
    }),
    outcomes: signedIn(ok(303, /\/QPay\.WebPaySite\/Bridge\/PayCard\?TD=/)),
    allowedWrites: true,
  },
  {
    kind: "route",
    file: "app/api/sinopac/transfer/route.ts",
    exportName: "POST",
    request: () => ({
      method: "POST",
      path: "/api/sinopac/transfer",
      form: { planCode: "vip-30" },
    }),
    outcomes: signedIn(ok(303, /\/orders\/VIP-/)),
    allowedWrites: true,
  },
  {
    kind: "route",
    file: "app/api/sinopac/notify/route.ts",
    exportName: "POST",
    // SinoPac's server calls this without credentials; the token is recorded (a write) before the
    // acknowledgement, and one the bank does not know settles nothing.
    request: () => ({
      method: "POST",
      path: "/api/sinopac/notify",
      json: { ShopNo: "NA0000_001", PayToken: "e".repeat(64) },
    }),
    outcomes: everyone(ok(200)),
    allowedWrites: true,
  },
  {
    kind: "route",
    file: "app/api/sinopac/return/route.ts",
    exportName: "POST",
    // SinoPac's card page posts here cross-site without a session; a token the bank does not know
    // goes to the problem page for everyone ("not ours") and settles nothing. The bank query it
    // made is logged.
    request: () => ({
      method: "POST",
      path: "/api/sinopac/return",
      form: { ShopNo: "NA0000_001", PayToken: "f".repeat(64) },
    }),
    outcomes: everyone(ok(303, /^\/problem\?topic=confirm&reason=payment_not_ours$/)),
    allowedWrites: true,
  },
  {
    kind: "route",
    file: "app/api/linepay/confirm/route.ts",
    exportName: "GET",
    // LINE Pay's redirect works without a session (the order says who bought it); a replay changes nothing.
    request: (ctx) => ({
      method: "GET",
      path: `/api/linepay/confirm?orderId=${enc(ctx.orderId)}&transactionId=${ctx.transactionId}`,
    }),
    outcomes: everyone(ok(303, /\/checkout\/success\?orderId=/)),
    allowedWrites: false,
  },
  {
    kind: "route",
    file: "app/api/linepay/cancel/route.ts",
    exportName: "GET",
    // A paid order cannot be cancelled from a link: everyone is sent to the order page, nothing changes.
    request: (ctx) => ({
      method: "GET",
      path: `/api/linepay/cancel?orderId=${enc(ctx.orderId)}&transactionId=${ctx.transactionId}`,
    }),
    outcomes: everyone(ok(303, /\/orders\//)),
    allowedWrites: false,
  },
  {
    kind: "route",
    file: "app/api/linepay/renewals/route.ts",
    exportName: "GET",
    request: () => ({ method: "GET", path: "/api/linepay/renewals" }),
    outcomes: cronOnly(ok()),
    allowedWrites: true,
  },
  {
    kind: "route",
    file: "app/api/linepay/renewals/route.ts",
    exportName: "POST",
    request: () => ({ method: "POST", path: "/api/linepay/renewals" }),
    outcomes: cronOnly(ok()),
    allowedWrites: true,
  },
  {
    kind: "route",
    file: "app/api/notices/send/route.ts",
    exportName: "GET",
    request: () => ({ method: "GET", path: "/api/notices/send" }),
    outcomes: cronOnly(ok()),
    allowedWrites: true,
  },
  {
    kind: "route",
    file: "app/api/notices/send/route.ts",
    exportName: "POST",
    request: () => ({ method: "POST", path: "/api/notices/send" }),
    outcomes: cronOnly(ok()),
    allowedWrites: true,
  },
  {
    kind: "route",
    file: "app/api/linepay/reconcile/route.ts",
    exportName: "GET",
    request: () => ({ method: "GET", path: "/api/linepay/reconcile" }),
    outcomes: cronOnly(ok()),
    allowedWrites: true,
  },
  {
    kind: "route",
    file: "app/api/linepay/reconcile/route.ts",
    exportName: "POST",
    request: () => ({ method: "POST", path: "/api/linepay/reconcile" }),
    outcomes: cronOnly(ok()),
    allowedWrites: true,
  },
  {
    kind: "route",
    file: "app/api/test-clock/route.ts",
    exportName: "GET",
    request: () => ({ method: "GET", path: "/api/test-clock" }),
    outcomes: cronOnly(ok()),
    allowedWrites: false,
  },
  {
    kind: "route",
    file: "app/api/test-clock/route.ts",
    exportName: "POST",
    request: () => ({ method: "POST", path: "/api/test-clock", json: { advanceMs: 0 } }),
    outcomes: cronOnly(ok()),
    allowedWrites: true,
  },
  {
    kind: "route",
    file: "app/api/admin/orders/export/route.ts",
    exportName: "GET",
    request: () => ({ method: "GET", path: "/api/admin/orders/export?status=PAID" }),
    outcomes: adminApi,
    allowedWrites: false,
  },
  {
    kind: "route",
    file: "app/api/admin/renewals/progress/route.ts",
    exportName: "GET",
    request: () => ({
      method: "GET",
      path: "/api/admin/renewals/progress?runnerId=admin-00000000",
    }),
    outcomes: adminApi,
    allowedWrites: false,
  },
  {
    kind: "route",
    file: "app/api/subscriptions/[subscriptionId]/[action]/route.ts",
    exportName: "POST",
    // "resume" on an active subscription is a no-op for its owner; anyone else must not even find it.
    request: (ctx) => ({
      method: "POST",
      path: `/api/subscriptions/${ctx.subscriptionId}/resume`,
      form: {},
    }),
    outcomes: ownerOnlyForm(ok(303, /\/account$/), "subscription_not_found"),
    allowedWrites: false,
  },

  // Pages
  {
    kind: "page",
    file: "app/page.tsx",
    exportName: "default",
    request: () => ({ method: "GET", path: "/" }),
    outcomes: everyone(ok()),
    allowedWrites: false,
  },
  {
    kind: "page",
    file: "app/signin/page.tsx",
    exportName: "default",
    request: () => ({ method: "GET", path: "/signin" }),
    outcomes: everyone(ok()),
    allowedWrites: false,
  },
  {
    kind: "page",
    file: "app/forgot-password/page.tsx",
    exportName: "default",
    request: () => ({ method: "GET", path: "/forgot-password" }),
    outcomes: everyone(ok()),
    allowedWrites: false,
  },
  {
    kind: "page",
    file: "app/reset-password/page.tsx",
    exportName: "default",
    // A link we never sent: the page says so (200), for anyone.
    request: () => ({ method: "GET", path: `/reset-password?token=${"A".repeat(43)}` }),
    outcomes: everyone(ok()),
    allowedWrites: false,
  },
  {
    kind: "page",
    file: "app/signup/page.tsx",
    exportName: "default",
    request: () => ({ method: "GET", path: "/signup" }),
    outcomes: everyone(ok()),
    allowedWrites: false,
  },
  {
    kind: "page",
    file: "app/account/page.tsx",
    exportName: "default",
    request: () => ({ method: "GET", path: "/account" }),
    outcomes: signedIn(ok()),
    allowedWrites: false,
  },
  {
    kind: "page",
    file: "app/checkout/page.tsx",
    exportName: "default",
    request: () => ({ method: "GET", path: "/checkout?plan=vip-30" }),
    outcomes: signedIn(ok()),
    allowedWrites: false,
  },
  {
    kind: "page",
    file: "app/account/plan-change/page.tsx",
    exportName: "default",
    request: () => ({ method: "GET", path: "/account/plan-change?plan=vip-yearly" }),
    outcomes: signedIn(ok()),
    allowedWrites: false,
  },
  {
    kind: "page",
    file: "app/orders/[orderId]/page.tsx",
    exportName: "default",
    request: (ctx) => ({ method: "GET", path: `/orders/${enc(ctx.orderId)}` }),
    outcomes: ownerOnly(ok()),
    allowedWrites: false,
  },
  {
    kind: "page",
    file: "app/problem/page.tsx",
    exportName: "default",
    request: () => ({ method: "GET", path: "/problem?topic=confirm&reason=link_mismatch" }),
    outcomes: everyone(ok()),
    allowedWrites: false,
  },
  {
    kind: "page",
    file: "app/account/receipts/[orderId]/page.tsx",
    exportName: "default",
    request: (ctx) => ({ method: "GET", path: `/account/receipts/${enc(ctx.orderId)}` }),
    // The payer's receipt; the back office may open it too (to see what the shopper was sent).
    outcomes: { ...ownerOnly(ok()), admin: ok() },
    allowedWrites: false,
  },
  {
    kind: "page",
    file: "app/checkout/success/page.tsx",
    exportName: "default",
    request: (ctx) => ({ method: "GET", path: `/checkout/success?orderId=${enc(ctx.orderId)}` }),
    outcomes: ownerOnly(ok()),
    allowedWrites: false,
  },
  {
    kind: "page",
    file: "app/checkout/cancel/page.tsx",
    exportName: "default",
    // A paid order has no cancel page: its owner is sent to the order.
    request: (ctx) => ({ method: "GET", path: `/checkout/cancel?orderId=${enc(ctx.orderId)}` }),
    outcomes: ownerOnly(ok(307, /\/orders\//)),
    allowedWrites: false,
  },
  {
    kind: "page",
    file: "app/checkout/open/page.tsx",
    exportName: "default",
    // Only an open (PENDING) order has a LINE Pay page to open: its owner is sent to the order.
    request: (ctx) => ({ method: "GET", path: `/checkout/open?orderId=${enc(ctx.orderId)}` }),
    outcomes: ownerOnly(ok(307, /\/orders\//)),
    allowedWrites: false,
  },
  {
    kind: "page",
    file: "app/admin/page.tsx",
    exportName: "default",
    request: () => ({ method: "GET", path: "/admin" }),
    outcomes: adminPage(ok(307, /\/admin\/orders$/)),
    allowedWrites: false,
  },
  {
    kind: "page",
    file: "app/admin/orders/page.tsx",
    exportName: "default",
    request: () => ({ method: "GET", path: "/admin/orders" }),
    outcomes: adminPage(),
    allowedWrites: false,
  },
  {
    kind: "page",
    file: "app/admin/orders/[orderId]/page.tsx",
    exportName: "default",
    request: (ctx) => ({ method: "GET", path: `/admin/orders/${enc(ctx.orderId)}` }),
    outcomes: adminPage(),
    allowedWrites: false,
  },
  {
    kind: "page",
    file: "app/admin/subscriptions/page.tsx",
    exportName: "default",
    request: () => ({ method: "GET", path: "/admin/subscriptions" }),
    outcomes: adminPage(),
    allowedWrites: false,
  },
  {
    kind: "page",
    file: "app/admin/subscriptions/[subscriptionId]/page.tsx",
    exportName: "default",
    request: (ctx) => ({ method: "GET", path: `/admin/subscriptions/${ctx.subscriptionId}` }),
    outcomes: adminPage(),
    allowedWrites: false,
  },
  {
    kind: "page",
    file: "app/admin/renewals/page.tsx",
    exportName: "default",
    request: () => ({ method: "GET", path: "/admin/renewals" }),
    outcomes: adminPage(),
    allowedWrites: false,
  },
  {
    kind: "page",
    file: "app/admin/attention/page.tsx",
    exportName: "default",
    request: () => ({ method: "GET", path: "/admin/attention" }),
    outcomes: adminPage(),
    allowedWrites: false,
  },
  {
    kind: "page",
    file: "app/admin/revenue/page.tsx",
    exportName: "default",
    request: () => ({ method: "GET", path: "/admin/revenue" }),
    outcomes: adminPage(),
    allowedWrites: false,
  },
  {
    kind: "page",
    file: "app/admin/audit/page.tsx",
    exportName: "default",
    request: () => ({ method: "GET", path: "/admin/audit" }),
    outcomes: adminPage(),
    allowedWrites: false,
  },

  // Server actions (POST to the page that renders them, as the browser does)
  {
    kind: "action",
    file: "app/account/actions.ts",
    exportName: "changePasswordAction",
    // A wrong current password: the signed-in user reaches the use case, which refuses and writes nothing.
    request: () => ({
      method: "POST",
      path: "/account",
      action: {
        file: "app/account/actions.ts",
        exportName: "changePasswordAction",
        leadingArgs: [IDLE],
        form: { currentPassword: "not the password", newPassword: "a new password 1" },
      },
    }),
    outcomes: signedIn(ok()),
    allowedWrites: false,
  },
  {
    kind: "action",
    file: "app/account/email-preferences-action.ts",
    exportName: "saveEmailPreferencesAction",
    // Each signed-in user's own choice; "on" is the default, so nothing changes.
    request: () => ({
      method: "POST",
      path: "/account",
      action: {
        file: "app/account/email-preferences-action.ts",
        exportName: "saveEmailPreferencesAction",
        leadingArgs: [],
        form: { remindersByEmail: "on" },
      },
    }),
    outcomes: signedIn(ok()),
    allowedWrites: true,
  },
  {
    kind: "action",
    file: ORDER_ACTIONS,
    exportName: "refundAction",
    request: (ctx) => ({
      method: "POST",
      path: `/admin/orders/${enc(ctx.orderId)}`,
      action: {
        file: ORDER_ACTIONS,
        exportName: "refundAction",
        leadingArgs: [IDLE],
        form: {
          orderId: ctx.orderId,
          amount: "1",
          reason: "Authorization matrix",
          idempotencyKey: crypto.randomUUID(),
          // The second press: a post without it only reviews the refund.
          step: "confirm",
        },
      },
    }),
    outcomes: adminPage(),
    allowedWrites: true,
  },
  {
    kind: "action",
    file: ORDER_ACTIONS,
    exportName: "verifyAction",
    request: (ctx) => ({
      method: "POST",
      path: `/admin/orders/${enc(ctx.orderId)}`,
      action: {
        file: ORDER_ACTIONS,
        exportName: "verifyAction",
        leadingArgs: [IDLE],
        form: { orderId: ctx.orderId },
      },
    }),
    outcomes: adminPage(),
    allowedWrites: true,
  },
  {
    kind: "action",
    file: ORDER_ACTIONS,
    exportName: "paymentRecordAction",
    request: (ctx) => ({
      method: "POST",
      path: `/admin/orders/${enc(ctx.orderId)}`,
      action: {
        file: ORDER_ACTIONS,
        exportName: "paymentRecordAction",
        leadingArgs: [IDLE],
        form: { orderId: ctx.orderId },
      },
    }),
    outcomes: adminPage(),
    allowedWrites: true,
  },
  {
    kind: "action",
    file: ORDER_ACTIONS,
    exportName: "authorizationAction",
    // A paid (captured) order cannot be voided: the admin reaches the use case, which refuses.
    request: (ctx) => ({
      method: "POST",
      path: `/admin/orders/${enc(ctx.orderId)}`,
      action: {
        file: ORDER_ACTIONS,
        exportName: "authorizationAction",
        leadingArgs: [IDLE],
        form: { orderId: ctx.orderId, action: "void", reason: "Authorization matrix" },
      },
    }),
    outcomes: adminPage(),
    allowedWrites: false,
  },
  {
    kind: "action",
    file: SUBSCRIPTION_ACTIONS,
    exportName: "subscriptionAction",
    // "retry now" on an active subscription changes nothing: the admin reaches the use case, which refuses.
    request: (ctx) => ({
      method: "POST",
      path: `/admin/subscriptions/${ctx.subscriptionId}`,
      action: {
        file: SUBSCRIPTION_ACTIONS,
        exportName: "subscriptionAction",
        leadingArgs: [IDLE],
        form: {
          subscriptionId: ctx.subscriptionId,
          action: "retry_now",
          reason: "Authorization matrix",
        },
      },
    }),
    outcomes: adminPage(),
    allowedWrites: true,
  },
  {
    kind: "action",
    file: "app/admin/renewals/actions.ts",
    exportName: "runNowAction",
    request: () => ({
      method: "POST",
      path: "/admin/renewals",
      action: {
        file: "app/admin/renewals/actions.ts",
        exportName: "runNowAction",
        leadingArgs: [IDLE],
        form: null,
      },
    }),
    outcomes: adminPage(),
    allowedWrites: true,
  },
  {
    kind: "action",
    file: "app/admin/attention/actions.ts",
    exportName: "verifyNowAction",
    // Verifying a paid order settles nothing new, but the check is recorded on the order.
    request: (ctx) => ({
      method: "POST",
      path: "/admin/attention",
      action: {
        file: "app/admin/attention/actions.ts",
        exportName: "verifyNowAction",
        leadingArgs: [IDLE],
        form: { orderId: ctx.orderId },
      },
    }),
    outcomes: adminPage(),
    allowedWrites: true,
  },
  {
    kind: "action",
    file: "app/admin/_components/resend-notice-action.ts",
    exportName: "resendNoticeAction",
    // Shown beside each notice of the order (its receipt); an unknown notice id queues nothing.
    request: (ctx) => ({
      method: "POST",
      path: `/admin/orders/${enc(ctx.orderId)}`,
      action: {
        file: "app/admin/_components/resend-notice-action.ts",
        exportName: "resendNoticeAction",
        leadingArgs: [IDLE],
        form: { noticeId: "no-such-notice" },
      },
    }),
    outcomes: adminPage(),
    allowedWrites: true,
  },
  {
    kind: "action",
    file: "app/forgot-password/actions.ts",
    exportName: "requestPasswordResetAction",
    // Anyone may ask; an email without an account gets the same answer and writes nothing.
    request: () => ({
      method: "POST",
      path: "/forgot-password",
      action: {
        file: "app/forgot-password/actions.ts",
        exportName: "requestPasswordResetAction",
        leadingArgs: [IDLE],
        form: { email: `nobody-${RUN}@example.com` },
      },
    }),
    outcomes: everyone(ok()),
    allowedWrites: false,
  },
  {
    kind: "action",
    file: "app/reset-password/actions.ts",
    exportName: "resetPasswordAction",
    // A forged link is refused for anyone, whatever the session: no password changes.
    request: () => ({
      method: "POST",
      path: "/reset-password",
      action: {
        file: "app/reset-password/actions.ts",
        exportName: "resetPasswordAction",
        leadingArgs: [IDLE],
        form: {
          token: "A".repeat(43),
          newPassword: "a new password 1",
          confirmPassword: "a new password 1",
        },
      },
    }),
    outcomes: everyone(ok()),
    allowedWrites: false,
  },
  {
    kind: "action",
    file: "app/_components/switch-locale-action.ts",
    exportName: "switchLocaleAction",
    // Anyone may choose a language: a cookie, and for a signed-in shopper the account's language
    // (what their emails are written in).
    request: () => ({
      method: "POST",
      path: "/",
      action: {
        file: "app/_components/switch-locale-action.ts",
        exportName: "switchLocaleAction",
        leadingArgs: [],
        form: { locale: "zh-TW" },
      },
    }),
    outcomes: everyone(ok()),
    allowedWrites: true,
  },
];

export function entryName(entry: CatalogEntry): string {
  return `${entry.kind} ${entry.file} ${entry.exportName}`;
}
