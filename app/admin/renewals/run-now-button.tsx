"use client";
// Starts a renewal run and shows a live progress bar: subscriptions handled of those due when it
// started, polled from the server until the run record says it finished.
import { useActionState, useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { runNowAction, type RunNowState } from "./actions";
import { Button } from "../../_components/ui/button";

interface Progress {
  run: {
    finishedAt: string | null;
    due: number;
    charged: number;
    declined: number;
    rebind: number;
    unknown: number;
    expired: number;
    errors: number;
  } | null;
  stillDue: number;
}

const POLL_MS = 700;

export function RunNowButton({ dueNow }: { dueNow: number }) {
  const t = useTranslations("admin.renewals.runNow");
  const router = useRouter();
  const [state, action, isPending] = useActionState<RunNowState>(runNowAction, { kind: "idle" });
  const [progress, setProgress] = useState<Progress | null>(null);
  const runnerId = state.kind === "started" ? state.runnerId : null;
  const isFinished = Boolean(progress?.run?.finishedAt);

  useEffect(() => {
    if (!runnerId) return;
    setProgress(null);
    let stopped = false;
    const poll = async () => {
      while (!stopped) {
        const response = await fetch(`/api/admin/renewals/progress?runnerId=${runnerId}`, {
          cache: "no-store",
        });
        if (response.ok) {
          const next = (await response.json()) as Progress;
          setProgress(next);
          if (next.run?.finishedAt) {
            router.refresh();
            return;
          }
        }
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
    };
    void poll();
    return () => {
      stopped = true;
    };
  }, [runnerId, router]);

  const total = state.kind === "started" ? state.dueAtStart : 0;
  const handled = isFinished
    ? total
    : Math.min(total, Math.max(0, total - (progress?.stillDue ?? total)));
  const isRunning = state.kind === "started" && !isFinished;
  return (
    <form
      action={action}
      className="my-4 flex flex-wrap items-center gap-3 rounded-card border border-line bg-surface p-4 shadow-xs"
    >
      <Button type="submit" disabled={isPending || isRunning}>
        {isRunning ? t("running") : t("button", { due: dueNow })}
      </Button>
      {state.kind === "started" ? (
        <>
          <progress
            className="h-2 w-64 max-w-full accent-brand"
            max={Math.max(total, 1)}
            value={isFinished ? Math.max(total, 1) : handled}
            aria-label={t("progressLabel")}
            data-testid="run-progress"
          />
          <span role="status" aria-live="polite" className="text-sm" data-testid="run-status">
            {isFinished && progress?.run
              ? t("done", {
                  due: progress.run.due,
                  charged: progress.run.charged,
                  declined: progress.run.declined,
                  rebind: progress.run.rebind,
                  unknown: progress.run.unknown,
                  expired: progress.run.expired,
                  errors: progress.run.errors,
                })
              : t("progress", { handled, total })}
          </span>
        </>
      ) : null}
      {state.kind === "failed" ? (
        <span role="alert" className="text-danger">
          {state.detail}
        </span>
      ) : null}
    </form>
  );
}
