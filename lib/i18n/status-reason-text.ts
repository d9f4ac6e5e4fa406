// A status or audit reason in words, in a language: from its catalogue code and parameters
// (lib/billing/status-reason.ts) when the row has them, else the English text stored with rows
// written before codes existed. Parameters are values, never parsed as message syntax, so an
// admin's typed note is shown exactly as typed.
import { createTranslator } from "use-intl/core";
import {
  isStatusReasonCode,
  statusReasonParamKinds,
  type PlanParam,
  type StatusReason,
} from "@/lib/billing/status-reason";
import { DEFAULT_LOCALE, isLocale, type Locale } from "./locales";
import enAdmin from "./messages/en/admin.json";
import enReasons from "./messages/en/reasons.json";
import enShop from "./messages/en/shop.json";
import zhAdmin from "./messages/zh-TW/admin.json";
import zhReasons from "./messages/zh-TW/reasons.json";
import zhShop from "./messages/zh-TW/shop.json";

const MESSAGES = {
  en: { reasons: enReasons, admin: enAdmin, shop: enShop },
  "zh-TW": { reasons: zhReasons, admin: zhAdmin, shop: zhShop },
} as const;

type Translate = (key: string, values?: Record<string, string>) => string;

function translatorsFor(locale: Locale) {
  const messages = MESSAGES[locale];
  const make = (namespace: "reasons" | "admin.orders.status" | "shop.plans.catalog") => {
    const t = createTranslator({ locale, messages, namespace });
    return {
      has: (key: string) => t.has(key as never),
      t: ((key, values) => t(key as never, values as never)) as Translate,
    };
  };
  return {
    reasons: make("reasons"),
    status: make("admin.orders.status"),
    plans: make("shop.plans.catalog"),
  };
}

const translators = new Map<Locale, ReturnType<typeof translatorsFor>>();
const cached = (locale: Locale) => {
  let found = translators.get(locale);
  if (!found) translators.set(locale, (found = translatorsFor(locale)));
  return found;
};

/** The reason in `locale`, each parameter shown as its kind says (numbers without grouping). */
export function statusReasonText(reason: StatusReason, locale: string): string {
  const { reasons, status, plans } = cached(isLocale(locale) ? locale : DEFAULT_LOCALE);
  const kinds = statusReasonParamKinds(reason.code);
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(reason.params as Record<string, unknown>)) {
    if (kinds[name] === "plan") {
      const plan = value as PlanParam;
      values[name] = plans.has(`${plan.code}.name`) ? plans.t(`${plan.code}.name`) : plan.name;
      continue;
    }
    if (kinds[name] === "reason") {
      values[name] = statusReasonText(value as StatusReason, locale);
      continue;
    }
    const text = String(value);
    values[name] = kinds[name] === "orderStatus" && status.has(text) ? status.t(text) : text;
  }
  return reasons.t(reason.code, values);
}

/** The English wording stored in `reason` for SQL and CSV readers. */
export const englishReason = (reason: StatusReason) => statusReasonText(reason, "en");

export interface StoredReason {
  reason: string;
  reasonCode?: string | null;
  reasonParams?: string | null;
}

/** A stored row's reason parsed back, or null when it has none or it no longer fits the catalogue. */
export function parseStoredReason(code: string, paramsJson: string | null): StatusReason | null {
  let params: unknown;
  try {
    params = JSON.parse(paramsJson ?? "{}");
  } catch {
    return null;
  }
  const reason = { code, params };
  return isStoredReason(reason) ? reason : null;
}

/** A code of this catalogue with exactly its parameters, each of its kind (nested ones too). */
function isStoredReason(value: unknown): value is StatusReason {
  const { code, params } = (value ?? {}) as { code?: unknown; params?: unknown };
  if (typeof code !== "string" || !isStatusReasonCode(code)) return false;
  if (typeof params !== "object" || params === null) return false;
  const kinds = statusReasonParamKinds(code);
  const given = params as Record<string, unknown>;
  if (Object.keys(kinds).sort().join() !== Object.keys(given).sort().join()) return false;
  return Object.entries(kinds).every(([name, kind]) => isParamOfKind(given[name], kind));
}

function isParamOfKind(value: unknown, kind: string): boolean {
  if (kind === "number") return typeof value === "number";
  if (kind === "reason") return isStoredReason(value);
  if (kind !== "plan") return typeof value === "string";
  const plan = value as Partial<PlanParam> | null;
  return typeof plan?.code === "string" && typeof plan.name === "string";
}

/** A row's reason for the viewer: translated when it carries a code, else its stored text. */
export function storedReasonText(row: StoredReason, locale: string): string {
  const parsed = row.reasonCode
    ? parseStoredReason(row.reasonCode, row.reasonParams ?? null)
    : null;
  return parsed ? statusReasonText(parsed, locale) : row.reason;
}
