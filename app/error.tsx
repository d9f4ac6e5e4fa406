"use client";

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <>
      <h1>Something went wrong</h1>
      <p>We could not show this page. No payment was started or changed by this error.</p>
      <button type="button" onClick={reset}>Try again</button>
    </>
  );
}
