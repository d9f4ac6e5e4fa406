"use client";
// Downloads the filtered orders as CSV. The server streams it; this reads the stream as it comes
// so a long export shows its progress (rows received of the total) and can be cancelled.
import { useRef, useState } from "react";
import { useTranslations } from "next-intl";
import { Button } from "../../_components/ui/button";

type ExportState =
  | { kind: "idle" }
  | { kind: "running"; rows: number }
  | { kind: "done"; rows: number }
  | { kind: "failed"; message: string };

export function ExportCsvButton({ query, total }: { query: string; total: number }) {
  const t = useTranslations("admin.orders.export");
  const [state, setState] = useState<ExportState>({ kind: "idle" });
  const abort = useRef<AbortController | null>(null);

  async function run() {
    const controller = new AbortController();
    abort.current = controller;
    setState({ kind: "running", rows: 0 });
    try {
      const response = await fetch(`/api/admin/orders/export?${query}`, {
        signal: controller.signal,
      });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as {
          error?: { message?: string };
        } | null;
        throw new Error(body?.error?.message ?? `HTTP ${response.status}`);
      }
      const reader = response.body.getReader();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      let newlines = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        for (const byte of value) if (byte === 10) newlines++;
        setState({ kind: "running", rows: Math.max(0, newlines - 1) }); // the first line is the header
      }
      const name =
        /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ??
        "orders.csv";
      const url = URL.createObjectURL(new Blob(chunks, { type: "text/csv" }));
      const link = Object.assign(document.createElement("a"), { href: url, download: name });
      link.click();
      URL.revokeObjectURL(url);
      setState({ kind: "done", rows: Math.max(0, newlines - 1) });
    } catch (error) {
      setState(
        controller.signal.aborted
          ? { kind: "idle" }
          : { kind: "failed", message: error instanceof Error ? error.message : String(error) },
      );
    } finally {
      abort.current = null;
    }
  }

  return (
    <div className="my-4 flex flex-wrap items-center gap-3">
      {state.kind === "running" ? (
        <Button type="button" variant="secondary" onClick={() => abort.current?.abort()}>
          {t("cancel")}
        </Button>
      ) : (
        <Button type="button" variant="outline" onClick={run} disabled={total === 0}>
          {t("button", { total })}
        </Button>
      )}
      {state.kind === "running" ? (
        <progress
          className="h-2 w-64 max-w-full accent-brand"
          max={total || 1}
          value={state.rows}
          aria-label={t("progressLabel")}
        />
      ) : null}
      <span role="status" aria-live="polite" className="text-sm" data-testid="export-status">
        {state.kind === "running" ? t("running", { rows: state.rows, total }) : null}
        {state.kind === "done" ? t("done", { rows: state.rows }) : null}
        {state.kind === "failed" ? t("failed", { message: state.message }) : null}
      </span>
    </div>
  );
}
