import type { Metadata } from "next";
import Image from "next/image";
import Link from "next/link";
import type { ReactNode } from "react";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import { getSessionUser } from "@/lib/auth/session";
import { hasReachableEmail } from "@/lib/db/notice-channels";
import { SHOP_CLIENT_MESSAGES, pickMessages } from "@/lib/i18n/client-messages";
import { LanguageSwitch } from "./_components/language-switch";
import { SignOutButton } from "./_components/sign-out-button";
import { buttonVariants } from "./_components/ui/button";
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
          <a
            className={`${buttonVariants({ variant: "outline", size: "sm" })} absolute -top-12 left-2 z-10 focus:top-2`}
            href="#main"
          >
            {t("skipToContent")}
          </a>
          <header className="site border-b border-line bg-surface print:hidden">
            <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-3 sm:px-6">
              <Link
                href="/"
                className="flex items-center gap-2 font-bold text-ink no-underline hover:text-brand"
              >
                <Image src="/logo.svg" alt="" width={28} height={28} priority />
                {t("brand")}
              </Link>
              <nav
                aria-label={t("nav.label")}
                className="flex flex-wrap items-center gap-x-4 gap-y-2 [&>a]:font-medium [&>a]:text-ink [&>a]:no-underline [&>a:hover]:text-brand [&>a:hover]:underline"
              >
                <Link href="/">{t("nav.plans")}</Link>
                {user ? (
                  <>
                    <Link href="/account">{t("nav.account")}</Link>
                    {user.role === "ADMIN" ? (
                      <Link href="/admin" data-testid="nav-admin">
                        {t("nav.admin")}
                      </Link>
                    ) : null}
                    {/* A long email must not push "Sign out" out of the bar; phones leave it out. */}
                    <span
                      className="hidden max-w-64 truncate text-muted sm:inline"
                      data-testid="signed-in-as"
                    >
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
            </div>
          </header>
          {/* The back office (data-admin-shell) takes the width of a wide screen for its tables. */}
          <main
            id="main"
            tabIndex={-1}
            className="mx-auto max-w-5xl px-4 py-4 focus:outline-none sm:px-6 sm:py-6 has-[[data-admin-shell]]:max-w-[90rem]"
          >
            {children}
          </main>
        </NextIntlClientProvider>
      </body>
    </html>
  );
}
