"use client";
// Opens the browser's print dialog for the receipt (hidden on paper).
export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" className="secondary no-print" onClick={() => window.print()}>
      {label}
    </button>
  );
}
