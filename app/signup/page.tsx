import Link from "next/link";
import { safeReturnPath } from "@/lib/server/safe-return-path";
import { SignUpForm } from "./sign-up-form";

export default async function SignUpPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const callbackUrl = safeReturnPath(params.callbackUrl);
  return (
    <>
      <h1>Create your account</h1>
      <SignUpForm callbackUrl={callbackUrl} />
      <p>Already have one? <Link href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign in</Link></p>
    </>
  );
}
