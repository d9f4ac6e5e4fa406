import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { safeReturnPath } from "@/lib/server/safe-return-path";
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
    <>
      <h1>{t("title")}</h1>
      <SignUpForm callbackUrl={callbackUrl} />
      <p>
        {t.rich("haveOne", {
          link: (text) => (
            <Link href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}>{text}</Link>
          ),
        })}
      </p>
    </>
  );
}
