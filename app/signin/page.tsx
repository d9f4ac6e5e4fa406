import Link from "next/link";
import { isLineLoginEnabled } from "@/lib/auth/auth-options";
import { safeReturnPath } from "@/lib/server/safe-return-path";
import { SignInForm } from "./sign-in-form";

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeReturnPath(params.callbackUrl);
  return (
    <>
      <h1>Sign in</h1>
      <SignInForm callbackUrl={callbackUrl} lineLoginEnabled={isLineLoginEnabled()} />
      <p>New here? <Link href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Create an account</Link></p>
    </>
  );
}
