"use client";
// Back-office sections; the current one is marked for screen readers with aria-current. A column
// beside the pages on a laptop and wider, a row of tabs that scrolls sideways on a phone.
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
    <nav
      aria-label={t("label")}
      className="-mx-4 mb-5 border-b border-line px-4 sm:-mx-6 sm:px-6 lg:sticky lg:top-4 lg:mx-0 lg:mb-0 lg:self-start lg:rounded-card lg:border lg:bg-surface lg:p-3 lg:shadow-xs"
    >
      <p className="mt-0 mb-2 hidden px-3 text-xs font-semibold tracking-wide text-muted uppercase lg:block">
        {t("label")}
      </p>
      <ul className="m-0 flex list-none gap-1 overflow-x-auto p-0 pb-2 lg:flex-col lg:overflow-visible lg:pb-0">
        {SECTIONS.map((section) => (
          <li key={section.href} className="shrink-0">
            <Link
              href={section.href}
              aria-current={pathname.startsWith(section.href) ? "page" : undefined}
              className="block rounded-control px-3 py-2 text-sm font-medium whitespace-nowrap text-ink no-underline hover:bg-subtle aria-[current=page]:bg-brand-soft aria-[current=page]:font-semibold aria-[current=page]:text-brand"
            >
              {t(section.key)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
