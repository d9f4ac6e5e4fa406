"use client";
// Back-office sections; the current one is marked for screen readers with aria-current.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useTranslations } from "next-intl";

const SECTIONS = [
  { href: "/admin/orders", key: "orders" },
  { href: "/admin/subscriptions", key: "subscriptions" },
  { href: "/admin/renewals", key: "renewals" },
  { href: "/admin/attention", key: "attention" },
  { href: "/admin/revenue", key: "revenue" },
  { href: "/admin/audit", key: "audit" },
] as const;

export function AdminNav() {
  const pathname = usePathname();
  const t = useTranslations("admin.nav");
  return (
    <nav className="admin-nav" aria-label={t("label")}>
      {SECTIONS.map((section) => (
        <Link
          key={section.href}
          href={section.href}
          aria-current={pathname.startsWith(section.href) ? "page" : undefined}
        >
          {t(section.key)}
        </Link>
      ))}
    </nav>
  );
}
