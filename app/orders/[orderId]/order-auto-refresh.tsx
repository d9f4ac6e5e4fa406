"use client";
// While LINE Pay's answer is being settled, re-reads the order every few seconds without reloading
// the page (a <meta refresh> reload moves focus and screen readers back to the top, and axe counts
// it as a critical timing violation). The status box is role="status", so a change is announced.
// Without JavaScript the "Check again" link does the same by hand.
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect } from "react";

const REFRESH_MS = 5_000;

export function OrderAutoRefresh({ href }: { href: string }) {
  const router = useRouter();
  const t = useTranslations("shop.orderOutcome");
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [router]);
  return (
    <p className="my-0 text-sm text-muted">
      {t.rich("autoRefresh", { link: (text) => <a href={href}>{text}</a> })}
    </p>
  );
}
