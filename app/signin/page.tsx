import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { isLineLoginEnabled } from "@/lib/auth/auth-options";
import { safeReturnPath } from "@/lib/server/safe-return-path";
import { AuthPanel } from "../_components/auth-panel";
import { Alert } from "../_components/ui/alert";
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
    <AuthPanel
      title={t("title")}
      footer={
        <p className="my-0">
          {t.rich("newHere", {
            link: (text) => (
              <Link href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>{text}</Link>
            ),
          })}
        </p>
      }
    >
      {params.notice === "passwordChanged" || params.notice === "passwordReset" ? (
        <Alert tone="success" role="status" data-testid="signin-notice">
          {t(params.notice)}
        </Alert>
      ) : null}
      <SignInForm callbackUrl={callbackUrl} lineLoginEnabled={isLineLoginEnabled()} />
      <p className="mt-4 mb-0 text-sm">
        <Link href="/forgot-password" data-testid="forgot-password-link">
          {t("forgot")}
        </Link>
      </p>
    </AuthPanel>
  );
}
