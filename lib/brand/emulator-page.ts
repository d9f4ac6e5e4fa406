// The emulators' page shell and class names: the shop's look (the same utilities as the app's
// components in app/_components/ui) for HTML written by plain Node servers. The classes here are
// compiled into each emulator's stylesheet too (emulator-stylesheet.ts scans this folder).
import { EMULATOR_STYLESHEET_LINK } from "./emulator-stylesheet";

const BUTTON =
  "inline-flex min-h-11 items-center justify-center gap-2 rounded-control px-4 py-2.5 text-base font-semibold no-underline transition-colors cursor-pointer focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-focus";

/** Class names for the few parts every emulator page is made of. */
export const ui = {
  card: "rounded-card border border-line bg-surface p-5 shadow-xs sm:p-6",
  cardTitle: "mt-0 mb-3 text-lg font-bold",
  primary: `${BUTTON} bg-brand text-white hover:bg-brand-hover`,
  secondary: `${BUTTON} bg-subtle text-ink hover:bg-line`,
  outline: `${BUTTON} border border-line bg-surface text-ink hover:bg-subtle`,
  danger: `${BUTTON} border border-danger-line bg-surface text-danger hover:bg-danger-soft`,
  input:
    "w-full rounded-control border border-line bg-surface px-3 py-2 text-base text-ink placeholder:text-muted focus-visible:outline-3 focus-visible:outline-offset-2 focus-visible:outline-focus",
  label: "grid gap-1 font-semibold",
  check: "flex items-start gap-2 font-normal [&>input]:mt-1 [&>input]:size-4 [&>input]:shrink-0",
  muted: "text-sm text-muted",
  note: "mt-5 rounded-control border border-info-line bg-info-soft px-3 py-2 text-sm text-ink",
  alert: "rounded-control border border-danger-line bg-danger-soft px-3 py-2 text-danger",
  badge: {
    neutral:
      "inline-flex rounded-full border border-line bg-subtle px-2.5 py-0.5 text-sm font-semibold text-ink",
    success:
      "inline-flex rounded-full border border-success-line bg-success-soft px-2.5 py-0.5 text-sm font-semibold text-success",
    warn: "inline-flex rounded-full border border-warn-line bg-warn-soft px-2.5 py-0.5 text-sm font-semibold text-warn",
    danger:
      "inline-flex rounded-full border border-danger-line bg-danger-soft px-2.5 py-0.5 text-sm font-semibold text-danger",
  },
} as const;

/** Whose stand-in the page is: the bar's colour and mark. */
export type EmulatorBrand = "line" | "bank" | "tool";

const BAR: Record<EmulatorBrand, string> = {
  line: "bg-brand text-white",
  bank: "bg-ink text-white",
  tool: "border-b border-line bg-surface text-ink",
};
const MARK: Record<EmulatorBrand, string> = {
  line: "bg-line-green text-ink",
  bank: "bg-warn-soft text-warn",
  tool: "bg-brand text-white",
};
const ICON_FILL: Record<EmulatorBrand, string> = { line: "06c755", bank: "1b1f23", tool: "047a35" };

export interface EmulatorPageInput {
  /** The document title (also the page's h1 unless the body has its own). */
  title: string;
  lang: string;
  brand: EmulatorBrand;
  /** Who the page stands in for, in the bar: "LINE Pay", "永豐銀行 豐收款"… */
  product: string;
  /** One or two letters on the bar's mark. */
  mark: string;
  /** Said beside the product so nobody takes it for the real service. */
  emulatorLabel: string;
  body: string;
  width?: "narrow" | "wide";
}

/** A whole HTML document: the bar, then `body` in a centred column. */
export function emulatorPage(input: EmulatorPageInput): string {
  const column = input.width === "wide" ? "max-w-5xl" : "max-w-lg";
  const icon = `data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%23${ICON_FILL[input.brand]}'/%3E%3C/svg%3E`;
  return `<!doctype html>
<html lang="${escapeHtml(input.lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<link rel="icon" href="${icon}">
${EMULATOR_STYLESHEET_LINK}
</head><body class="min-h-screen bg-canvas text-ink antialiased">
<header class="${BAR[input.brand]}"><div class="mx-auto flex ${column} flex-wrap items-center gap-x-3 gap-y-1 px-4 py-3">
<span aria-hidden="true" class="grid size-8 place-items-center rounded-control text-sm font-black ${MARK[input.brand]}">${escapeHtml(input.mark)}</span>
<span class="text-lg font-bold">${escapeHtml(input.product)}</span>
<span class="ml-auto rounded-full border border-current px-2.5 py-0.5 text-xs font-semibold">${escapeHtml(input.emulatorLabel)}</span>
</div></header>
<main class="mx-auto ${column} px-4 py-6 sm:py-8">${input.body}</main>
</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}
