// Where a refused or failed checkout, LINE Pay return or subscription button lands (a 303 from the
// route, so reload and back are safe): what happened, in the shopper's language, and what it means
// for the money, said only as far as it is known. Reads nothing but its own query.
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { parseProblem, type Problem } from "@/lib/errors/shopper-problem";
import { Alert } from "../_components/ui/alert";
import { Button } from "../_components/ui/button";

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
    <section
      data-testid="problem"
      data-reason={problem.reason}
      className="mx-auto w-full max-w-2xl rounded-card border border-line bg-surface p-6 shadow-xs sm:mt-4 sm:p-8 [&>p:first-of-type]:text-lg"
    >
      <h1 className="mb-3">{t(`title.${problem.topic}`)}</h1>
      <p>{t(`reason.${problem.reason}`, { minutes })}</p>
      <Alert tone="warn" data-testid="problem-money">
        {t(`money.${problem.topic}.${isOutcomeUnsure(problem) ? "unsure" : "known"}`)}
      </Alert>
      {problem.reference ? (
        <p className="text-sm text-muted" data-testid="problem-reference">
          {t("reference", { id: problem.reference })}
        </p>
      ) : null}
      <div className="mt-6 flex flex-wrap items-center gap-3">
        {problem.orderId ? (
          <Button asChild>
            <Link href={`/orders/${encodeURIComponent(problem.orderId)}`}>{t("openOrder")}</Link>
          </Button>
        ) : null}
        <Button asChild variant={problem.orderId ? "outline" : "primary"}>
          <Link href="/account">{t("openAccount")}</Link>
        </Button>
        <Button asChild variant="ghost">
          <Link href="/">{t("backToPlans")}</Link>
        </Button>
      </div>
    </section>
  );
}
