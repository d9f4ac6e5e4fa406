// The messages a page sends to the browser: only what its client components read. Server
// components translate on the server, so their words never need to ship; a shopper's page carries
// no back-office text at all (tests/unit/client-messages.test.ts keeps these lists complete).

/** Namespaces the shop's client components use (the header's, the forms', the order page's). */
export const SHOP_CLIENT_MESSAGES = [
  "common.nav",
  "common.error",
  "shop.signIn",
  "shop.signUp",
  "shop.forgotPassword",
  "shop.resetPassword",
  "shop.orderOutcome",
  "shop.account.password",
] as const;

/** Added under /admin for the back office's client components. */
export const ADMIN_CLIENT_MESSAGES = ["admin"] as const;

type Messages = Record<string, unknown>;

/** The parts of `messages` named by dotted paths, in the same nesting; missing paths are skipped. */
export function pickMessages(messages: Messages, paths: readonly string[]): Messages {
  const picked: Messages = {};
  for (const path of paths) {
    const keys = path.split(".");
    let source: unknown = messages;
    for (const key of keys) source = (source as Messages | undefined)?.[key];
    if (source === undefined) continue;
    let target = picked;
    for (const key of keys.slice(0, -1)) target = (target[key] ??= {}) as Messages;
    target[keys.at(-1) as string] = source;
  }
  return picked;
}
