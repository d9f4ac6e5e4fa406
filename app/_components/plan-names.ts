// Plan names and descriptions are catalogue data from the database. A locale may translate them
// by plan code (`shop.plans.catalog.<code>.name|description`); without a translation the
// database's own text is shown, so a plan added by an admin never appears blank.
import { getTranslations } from "next-intl/server";

type PlanText = { code: string; name: string; description?: string };

export async function getPlanNames() {
  const t = await getTranslations("shop.plans.catalog");
  const pick = (code: string, field: "name" | "description", fallback: string) =>
    t.has(`${code}.${field}`) ? t(`${code}.${field}`) : fallback;
  return {
    name: (plan: PlanText) => pick(plan.code, "name", plan.name),
    description: (plan: PlanText) => pick(plan.code, "description", plan.description ?? ""),
  };
}
