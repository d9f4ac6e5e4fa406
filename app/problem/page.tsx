// Where a refused or failed checkout, LINE Pay return or subscription button lands (a 303 from the
// route, so reload and back are safe): what happened, in the shopper's language, and what it means
// for the money, said only as far as it is known. Reads nothing but its own query.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { parseProblem, type Problem } from "@/lib/errors/shopper-problem";

/** Failures whose money outcome we cannot know here (the payment may have moved before them). */
const isOutcomeUnsure = (problem: Problem) =>
  problem.reason === "internal" || problem.reason === "busy";

export default async function ProblemPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const problem = parseProblem(await searchParams);
  const t = await getTranslations("shop.problem");
  const minutes = Math.ceil((problem.waitSeconds ?? 60) / 60);
  return (
    <section data-testid="problem" data-reason={problem.reason}>
      <h1>{t(`title.${problem.topic}`)}</h1>
      <p>{t(`reason.${problem.reason}`, { minutes })}</p>
      <p className="notice warn" data-testid="problem-money">
        {t(`money.${problem.topic}.${isOutcomeUnsure(problem) ? "unsure" : "known"}`)}
      </p>
      {problem.reference ? (
        <p className="muted" data-testid="problem-reference">
          {t("reference", { id: problem.reference })}
        </p>
      ) : null}
      <p className="actions">
        {problem.orderId ? (
          <Link href={`/orders/${encodeURIComponent(problem.orderId)}`}>{t("openOrder")}</Link>
        ) : null}
        <Link href="/account">{t("openAccount")}</Link>
        <Link href="/">{t("backToPlans")}</Link>
      </p>
    </section>
  );
}
