import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import { getSessionUser } from "@/lib/auth/session";
import { hasReachableEmail } from "@/lib/db/notice-channels";
import { SHOP_CLIENT_MESSAGES, pickMessages } from "@/lib/i18n/client-messages";
import { LanguageSwitch } from "./_components/language-switch";
import { SignOutButton } from "./_components/sign-out-button";
import "./globals.css";

// Every page reads the session and the database, so nothing is prerendered at build time.
export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("common.metadata");
  return { title: t("title"), description: t("description") };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const [user, locale, t, messages] = await Promise.all([
    getSessionUser(),
    getLocale(),
    getTranslations("common"),
    getMessages(),
  ]);
  return (
    <html lang={locale}>
      <body>
        {/* Only what client components read: no back-office words on a shopper's page. */}
        <NextIntlClientProvider messages={pickMessages(messages, SHOP_CLIENT_MESSAGES)}>
          <a className="skip-link" href="#main">
            {t("skipToContent")}
          </a>
          <header className="site">
            <Link href="/" className="brand">
              {t("brand")}
            </Link>
            <nav aria-label={t("nav.label")}>
              <Link href="/">{t("nav.plans")}</Link>
              {user ? (
                <>
                  <Link href="/account">{t("nav.account")}</Link>
                  {user.role === "ADMIN" ? (
                    <Link href="/admin" data-testid="nav-admin">
                      {t("nav.admin")}
                    </Link>
                  ) : null}
                  <span className="muted who" data-testid="signed-in-as">
                    {hasReachableEmail(user.email) ? user.email : `${user.name ?? ""} (LINE)`}
                  </span>
                  <SignOutButton />
                </>
              ) : (
                <>
                  <Link href="/signin">{t("nav.signIn")}</Link>
                  <Link href="/signup">{t("nav.signUp")}</Link>
                </>
              )}
            </nav>
            <LanguageSwitch />
          </header>
          <main id="main" tabIndex={-1}>
            {children}
          </main>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
