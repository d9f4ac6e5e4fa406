// /admin/subscriptions: every subscription, newest first, filtered by status, plan and shopper.
import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { z } from "zod";
import { requireAdmin } from "@/lib/auth/session";
import { decodeCreatedAtCursor, encodeCreatedAtCursor } from "@/lib/admin/created-at-cursor";
import { SUBSCRIPTION_STATUSES } from "@/lib/billing/subscription-status";
import { listAdminSubscriptions } from "@/lib/db/admin-subscription-query";
import { listActivePlans } from "@/lib/db/plan-repository";
import { getAppDb } from "@/lib/server/app-db";
import { formatAmount, formatDateTime } from "../_components/format";
import { DataTable } from "../../_components/data-table";
import { getPlanNames } from "../../_components/plan-names";
import { Badge } from "../../_components/ui/badge";
import { Button } from "../../_components/ui/button";
import { Field, Input, Select } from "../../_components/ui/field";
import { FilterActions, PageHeader, Pager, filterGridClass } from "../_components/admin-ui";
import { statusTone } from "../../_components/status-tone";

const PAGE_SIZE = 50;
const filterSchema = z.object({
  status: z.enum(SUBSCRIPTION_STATUSES).optional().catch(undefined),
  plan: z.string().max(50).optional().catch(undefined),
  q: z.string().trim().max(200).optional().catch(undefined),
  before: z.string().max(200).optional().catch(undefined),
});

export default async function AdminSubscriptionsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin("/admin/subscriptions");
  const [t, planNames, locale] = [
    await getTranslations("admin.subscriptions"),
    await getPlanNames(),
    await getLocale(),
  ];
  const raw = Object.fromEntries(
    Object.entries(await searchParams).map(([k, v]) => [
      k,
      (Array.isArray(v) ? v[0] : v) || undefined,
    ]),
  );
  const filters = filterSchema.parse(raw);
  const db = getAppDb();
  const [rows, plans] = await Promise.all([
    listAdminSubscriptions(
      db,
      {
        status: filters.status ?? null,
        planCode: filters.plan ?? null,
        q: filters.q ?? null,
        before: decodeCreatedAtCursor(filters.before),
      },
      PAGE_SIZE + 1,
    ),
    listActivePlans(db),
  ]);
  const page = rows.slice(0, PAGE_SIZE);
  const last = page.at(-1);
  const next = new URLSearchParams(
    Object.entries({ status: filters.status, plan: filters.plan, q: filters.q }).filter(
      (e): e is [string, string] => Boolean(e[1]),
    ),
  );
  if (rows.length > PAGE_SIZE && last) next.set("before", encodeCreatedAtCursor(last));
  const tStatus = await getTranslations("admin.subscriptionStatus");

  return (
    <>
      <PageHeader title={t("title")} />
      <form method="get" className={filterGridClass} role="search" aria-label={t("filters.label")}>
        <Field>
          {t("filters.search")}
          <Input
            type="search"
            name="q"
            defaultValue={filters.q ?? ""}
            placeholder={t("filters.searchPlaceholder")}
            maxLength={200}
          />
        </Field>
        <Field>
          {t("filters.status")}
          <Select name="status" defaultValue={filters.status ?? ""}>
            <option value="">{t("filters.any")}</option>
            {SUBSCRIPTION_STATUSES.filter((s) => s !== "INCOMPLETE").map((s) => (
              <option key={s} value={s}>
                {tStatus(s)}
              </option>
            ))}
          </Select>
        </Field>
        <Field>
          {t("filters.plan")}
          <Select name="plan" defaultValue={filters.plan ?? ""}>
            <option value="">{t("filters.any")}</option>
            {plans
              .filter((p) => p.kind === "RECURRING")
              .map((p) => (
                <option key={p.code} value={p.code}>
                  {planNames.name(p)}
                </option>
              ))}
          </Select>
        </Field>
        <FilterActions>
          <Button type="submit">{t("filters.apply")}</Button>
          <Button asChild variant="ghost">
            <Link href="/admin/subscriptions">{t("filters.reset")}</Link>
          </Button>
        </FilterActions>
      </form>
      <DataTable
        dense
        caption={t("caption")}
        testId="admin-subscriptions"
        rowTestId="admin-subscription-row"
        rows={page}
        rowKey={(s) => s.id}
        rowHref={(s) => `/admin/subscriptions/${s.id}`}
        empty={t("empty")}
        columns={[
          { key: "shopper", header: t("shopper"), wrap: true, cell: (s) => s.user.email },
          {
            key: "status",
            header: t("status"),
            isKey: true,
            cell: (s) => (
              <Badge tone={statusTone("subscription", s.status)}>{tStatus(s.status)}</Badge>
            ),
          },
          {
            key: "amount",
            header: t("amount"),
            isKey: true,
            align: "end",
            cell: (s) => formatAmount(s.amountMinor, s.currency, locale),
          },
          { key: "plan", header: t("plan"), hideBelow: "sm", cell: (s) => planNames.name(s.plan) },
          {
            key: "periodEnd",
            header: t("periodEnd"),
            hideBelow: "md",
            cell: (s) => formatDateTime(s.currentPeriodEnd, locale),
          },
          {
            key: "nextAction",
            header: t("nextAction"),
            hideBelow: "lg",
            cell: (s) => formatDateTime(s.nextActionAt, locale),
          },
          // On the subscription's page too: only wide screens list them.
          {
            key: "regKey",
            header: t("regKey"),
            hideBelow: "xl",
            cell: (s) => (s.hasRegKey ? (s.regKeyHint ?? t("stored")) : "—"),
          },
          {
            key: "created",
            header: t("created"),
            hideBelow: "xl",
            cell: (s) => formatDateTime(s.createdAt, locale),
          },
        ]}
      />
      <Pager aria-label={t("pager")}>
        <span />
        {next.has("before") ? (
          <Link href={`/admin/subscriptions?${next}`}>{t("older")}</Link>
        ) : null}
      </Pager>
    </>
  );
}
