import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { NextIntlClientProvider } from "next-intl";
import { getLocale } from "next-intl/server";
import { getSessionUser } from "@/lib/auth/session";
import { SignOutButton } from "./_components/sign-out-button";
import "./globals.css";

// Every page reads the session and the database, so nothing is prerendered at build time.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "VIP Club — pay with LINE Pay",
  description: "VIP passes and subscriptions paid with LINE Pay.",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body>
        <NextIntlClientProvider>
        <header className="site">
          <Link href="/" className="brand">VIP Club</Link>
          <nav aria-label="Main">
            <Link href="/">Plans</Link>
            {user ? (
              <>
                <Link href="/account">My account</Link>
                <span className="muted" data-testid="signed-in-as">{user.email}</span>
                <SignOutButton />
              </>
            ) : (
              <>
                <Link href="/signin">Sign in</Link>
                <Link href="/signup">Sign up</Link>
              </>
            )}
          </nav>
        </header>
        <main>{children}</main>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
