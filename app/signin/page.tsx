import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { isLineLoginEnabled } from "@/lib/auth/auth-options";
import { safeReturnPath } from "@/lib/server/safe-return-path";
import { SignInForm } from "./sign-in-form";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeReturnPath(params.callbackUrl);
  const t = await getTranslations("shop.signIn");
  return (
    <>
      <h1>{t("title")}</h1>
      {params.notice === "passwordChanged" || params.notice === "passwordReset" ? (
        <p role="status" data-testid="signin-notice">
          {t(params.notice)}
        </p>
      ) : null}
      <SignInForm callbackUrl={callbackUrl} lineLoginEnabled={isLineLoginEnabled()} />
      <p>
        <Link href="/forgot-password" data-testid="forgot-password-link">
          {t("forgot")}
        </Link>
      </p>
      <p>
        {t.rich("newHere", {
          link: (text) => (
            <Link href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>{text}</Link>
          ),
        })}
      </p>
    </>
  );
}
