// The "forgot password" page: asks for the account's email; the answer never says whether the
// email has an account.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ForgotPasswordForm } from "./forgot-password-form";

export default async function ForgotPasswordPage() {
  const t = await getTranslations("shop.forgotPassword");
  return (
    <>
      <h1>{t("title")}</h1>
      <p>{t("intro")}</p>
      <ForgotPasswordForm />
      <p>{t.rich("backToSignIn", { link: (text) => <Link href="/signin">{text}</Link> })}</p>
    </>
  );
}
