// The shapes every route handler answers with: JSON errors as {error:{code,message}} and, for
// browser navigations, a redirect to the problem page. Nothing here ever echoes secrets or stack
// traces.
import { problemPath, type Problem } from "@/lib/errors/shopper-problem";

export function jsonError(
  status: number,
  code: string,
  message: string,
  headers?: HeadersInit,
): Response {
  return Response.json({ error: { code, message } }, { status, headers });
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c,
  );
}
/**
 * A bare readable page for refusals made before the app can render (lib/server/request-guard.ts);
 * the app's own routes send the browser to the problem page instead.
 */
export function htmlErrorPage(
  status: number,
  title: string,
  message: string,
  headers?: Record<string, string>,
): Response {
  const body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5}</style></head>
<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/">Back to the plans</a> · <a href="/account">My account</a></p></main></body></html>`;
  return new Response(body, {
    status,
    headers: { ...headers, "Content-Type": "text/html; charset=utf-8" },
  });
}

/** 303 so the browser follows with a GET, whatever method brought it here. */
export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { Location: location } });
}

/** 303 to the problem page (with Retry-After for a rate limit, for clients that read it). */
export function problemRedirect(problem: Problem): Response {
  const headers: Record<string, string> = { Location: problemPath(problem) };
  if (problem.waitSeconds !== undefined) headers["Retry-After"] = String(problem.waitSeconds);
  return new Response(null, { status: 303, headers });
}
