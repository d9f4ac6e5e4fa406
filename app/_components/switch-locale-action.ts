"use server";
// Server action behind the header's language switch: remembers the choice in the NEXT_LOCALE
// cookie. Next.js refuses server actions whose Origin is not this host, so another site cannot
// flip a shopper's language. Setting a cookie in an action re-renders the current page, so the
// shopper stays where they are (also without JavaScript, where the form posts to the same URL).
// A signed-in shopper's choice is also kept on their account, for the emails the shop sends.
import { cookies } from "next/headers";
import { getSessionUser } from "@/lib/auth/session";
import { setUserLocale } from "@/lib/db/user-repository";
import { LOCALE_COOKIE, isLocale } from "@/lib/i18n/locales";
import { getAppDb } from "@/lib/server/app-db";

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

export async function switchLocaleAction(formData: FormData): Promise<void> {
  const locale = formData.get("locale");
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, {
    path: "/",
    maxAge: ONE_YEAR_SECONDS,
    sameSite: "lax",
    httpOnly: true,
  });
  // A signed-in shopper's notices follow the language they chose.
  const user = await getSessionUser();
  if (user) await setUserLocale(getAppDb(), user, locale);
}
