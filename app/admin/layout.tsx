// Back-office frame: navigation only. Access is checked in every page, action and route handler
// (requireAdmin), never here: a layout does not re-run on every navigation.
import type { ReactNode } from "react";
import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import {
  ADMIN_CLIENT_MESSAGES,
  SHOP_CLIENT_MESSAGES,
  pickMessages,
} from "@/lib/i18n/client-messages";
import { AdminNav } from "./_components/admin-nav";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  // The back office's client components get its messages; shopper pages never do.
  const messages = pickMessages(await getMessages(), [
    ...SHOP_CLIENT_MESSAGES,
    ...ADMIN_CLIENT_MESSAGES,
  ]);
  return (
    <NextIntlClientProvider messages={messages}>
      <div
        data-admin-shell
        // On a phone a long button label wraps instead of widening the page.
        className="max-sm:[&_button]:whitespace-normal lg:grid lg:grid-cols-[12rem_minmax(0,1fr)] lg:gap-8"
      >
        <AdminNav />
        <div className="min-w-0">{children}</div>
      </div>
    </NextIntlClientProvider>
  );
}
