// /admin/audit: the append-only audit log, newest first, filtered by actor kind, action and target.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { requireAdmin } from "@/lib/auth/session";
import { decodeCreatedAtCursor, encodeCreatedAtCursor } from "@/lib/admin/created-at-cursor";
import {
  listAuditActions,
  listAuditEntries,
  type AuditTargetType,
} from "@/lib/db/audit-repository";
import { getAppDb } from "@/lib/server/app-db";
import { AuditTable } from "../_components/audit-table";
import { FilterActions, PageHeader, Pager, filterGridClass } from "../_components/admin-ui";
import { Button } from "../../_components/ui/button";
import { Field, Input, Select } from "../../_components/ui/field";

const PAGE_SIZE = 100;
const TARGET_TYPES: AuditTargetType[] = [
  "ORDER",
  "SUBSCRIPTION",
  "REFUND",
  "RENEWAL_RUN",
  "NOTICE",
];
const filterSchema = z.object({
  actor: z.enum(["admin", "system", "user"]).optional().catch(undefined),
  action: z.string().max(100).optional().catch(undefined),
  target: z.enum(TARGET_TYPES).optional().catch(undefined),
  id: z.string().trim().max(100).optional().catch(undefined),
  before: z.string().max(200).optional().catch(undefined),
});

export default async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireAdmin("/admin/audit");
  const t = await getTranslations("admin.audit");
  const raw = Object.fromEntries(
    Object.entries(await searchParams).map(([k, v]) => [
      k,
      (Array.isArray(v) ? v[0] : v) || undefined,
    ]),
  );
  const filters = filterSchema.parse(raw);
  const cursor = decodeCreatedAtCursor(filters.before);
  const db = getAppDb();
  const [entries, actions] = await Promise.all([
    listAuditEntries(
      db,
      {
        actorKind: filters.actor,
        action: filters.action,
        targetType: filters.target,
        targetIds: filters.id ? [filters.id] : null,
        before: cursor,
      },
      PAGE_SIZE + 1,
    ),
    listAuditActions(db),
  ]);
  const page = entries.slice(0, PAGE_SIZE);
  const last = page.at(-1);
  const nextParams = new URLSearchParams(
    Object.entries({ ...filters, before: undefined }).filter((e): e is [string, string] =>
      Boolean(e[1]),
    ),
  );
  if (entries.length > PAGE_SIZE && last) nextParams.set("before", encodeCreatedAtCursor(last));

  return (
    <>
      <PageHeader title={t("title")} description={t("intro")} />
      <form method="get" className={filterGridClass} role="search" aria-label={t("filters.label")}>
        <Field>
          {t("filters.actor")}
          <Select name="actor" defaultValue={filters.actor ?? ""}>
            <option value="">{t("filters.any")}</option>
            <option value="admin">{t("filters.actorAdmin")}</option>
            <option value="system">{t("filters.actorSystem")}</option>
            <option value="user">{t("filters.actorUser")}</option>
          </Select>
        </Field>
        <Field>
          {t("filters.action")}
          <Select name="action" defaultValue={filters.action ?? ""}>
            <option value="">{t("filters.any")}</option>
            {actions.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </Select>
        </Field>
        <Field>
          {t("filters.target")}
          <Select name="target" defaultValue={filters.target ?? ""}>
            <option value="">{t("filters.any")}</option>
            {TARGET_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </Select>
        </Field>
        <Field>
          {t("filters.id")}
          <Input name="id" defaultValue={filters.id ?? ""} maxLength={100} />
        </Field>
        <FilterActions>
          <Button type="submit">{t("filters.apply")}</Button>
          <Button asChild variant="ghost">
            <Link href="/admin/audit">{t("filters.reset")}</Link>
          </Button>
        </FilterActions>
      </form>
      <AuditTable entries={page} showTarget />
      <Pager aria-label={t("pager")}>
        <span />
        {nextParams.has("before") ? (
          <Link href={`/admin/audit?${nextParams}`}>{t("older")}</Link>
        ) : null}
      </Pager>
    </>
  );
}
