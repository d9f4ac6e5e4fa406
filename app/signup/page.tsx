import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { safeReturnPath } from "@/lib/server/safe-return-path";
import { AuthPanel } from "../_components/auth-panel";
import { SignUpForm } from "./sign-up-form";

export default async function SignUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeReturnPath(params.callbackUrl);
  const t = await getTranslations("shop.signUp");
  return (
    <AuthPanel
      title={t("title")}
      footer={
        <p className="my-0">
          {t.rich("haveOne", {
            link: (text) => (
              <Link href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}>{text}</Link>
            ),
          })}
        </p>
      }
    >
      <SignUpForm callbackUrl={callbackUrl} />
    </AuthPanel>
  );
}
