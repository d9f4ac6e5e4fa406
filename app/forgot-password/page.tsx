// The "forgot password" page: asks for the account's email; the answer never says whether the
// email has an account.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { AuthPanel } from "../_components/auth-panel";
import { ForgotPasswordForm } from "./forgot-password-form";

export default async function ForgotPasswordPage() {
  const t = await getTranslations("shop.forgotPassword");
  return (
    <AuthPanel
      title={t("title")}
      intro={t("intro")}
      footer={
        <p className="my-0">
          {t.rich("backToSignIn", { link: (text) => <Link href="/signin">{text}</Link> })}
        </p>
      }
    >
      <ForgotPasswordForm />
    </AuthPanel>
  );
}
