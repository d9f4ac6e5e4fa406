// What pages send to the browser: only the namespaces client components read. Shopper pages
// carry no back-office text; every client component's namespace is on its list, or it would show
// raw keys.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ADMIN_CLIENT_MESSAGES,
  SHOP_CLIENT_MESSAGES,
  pickMessages,
} from "@/lib/i18n/client-messages";
import enAdmin from "@/lib/i18n/messages/en/admin.json";
import enCommon from "@/lib/i18n/messages/en/common.json";
import enShop from "@/lib/i18n/messages/en/shop.json";

const all = { admin: enAdmin, common: enCommon, shop: enShop };

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const covers = (paths: readonly string[], namespace: string) =>
  paths.some((p) => namespace === p || namespace.startsWith(`${p}.`));

describe("client messages", () => {
  it("sends a shopper page no back-office message and only the namespaces its components read", () => {
    const shop = pickMessages(all, SHOP_CLIENT_MESSAGES);
    expect(Object.keys(shop).sort()).toEqual(["common", "shop"]);
    expect(JSON.stringify(shop)).not.toContain(JSON.stringify(enAdmin.order.events.heading));
    expect(shop).toEqual({
      common: { nav: enCommon.nav, error: enCommon.error },
      shop: {
        signIn: enShop.signIn,
        signUp: enShop.signUp,
        forgotPassword: enShop.forgotPassword,
        resetPassword: enShop.resetPassword,
        orderOutcome: enShop.orderOutcome,
        account: { password: enShop.account.password },
      },
    });
    expect(JSON.stringify(shop).length).toBeLessThan(JSON.stringify(all).length / 3);
  });

  it("lists every namespace a client component translates with", () => {
    const clientFiles = filesUnder("app").filter(
      (f) => /\.tsx?$/.test(f) && readFileSync(f, "utf8").startsWith('"use client"'),
    );
    const used = clientFiles.flatMap((file) =>
      [...readFileSync(file, "utf8").matchAll(/useTranslations\("([^"]+)"\)/g)].map((m) => ({
        file,
        namespace: m[1] as string,
      })),
    );
    expect(used.length).toBeGreaterThan(10);
    for (const { file, namespace } of used) {
      const lists = file.startsWith("app/admin/")
        ? [...SHOP_CLIENT_MESSAGES, ...ADMIN_CLIENT_MESSAGES]
        : SHOP_CLIENT_MESSAGES;
      expect(covers(lists, namespace), `${file} uses ${namespace}`).toBe(true);
    }
  });
});
