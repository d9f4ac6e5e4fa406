// Refusals made before Next.js routes a request, for input the framework itself would answer with
// a bare 500: a path whose percent-encoding does not decode (Next fails to decode the dynamic
// segment), and server-action posts (POSTs to page URLs) that are too big or of unknown size
// (Next reads up to 1 MB and answers an oversized action with a 500); next-auth's posts get the
// same size limit, as it reads its bodies unbounded.
import { MAX_BODY_BYTES } from "./request-body";

export interface RequestRefusal {
  status: 400 | 411 | 413;
  code: string;
  title: string;
  message: string;
}

function hasMalformedEncoding(pathname: string): boolean {
  try {
    for (const segment of pathname.split("/")) decodeURIComponent(segment);
    return false;
  } catch {
    return true;
  }
}

export function refuseRequest(input: {
  method: string;
  pathname: string;
  contentLength: string | null;
}): RequestRefusal | null {
  if (hasMalformedEncoding(input.pathname)) {
    return {
      status: 400,
      code: "malformed_path",
      title: "This address is not valid",
      message: "The address contains characters that cannot be read. Nothing was changed.",
    };
  }
  // Route handlers under /api read their own bodies with a limit (request-body.ts); page URLs only take
  // server actions, and next-auth's endpoints only its sign-in forms, all of them small.
  const isGuarded = !input.pathname.startsWith("/api/") || input.pathname.startsWith("/api/auth/");
  if (input.method !== "POST" || !isGuarded) return null;
  if (input.contentLength === null) {
    return {
      status: 411,
      code: "length_required",
      title: "Request refused",
      message: "A form must be sent with its length. Nothing was changed.",
    };
  }
  const length = Number(input.contentLength);
  if (!Number.isFinite(length) || length > MAX_BODY_BYTES) {
    return {
      status: 413,
      code: "body_too_large",
      title: "This form is too large",
      message: `A form may be at most ${MAX_BODY_BYTES} bytes. Nothing was changed.`,
    };
  }
  return null;
}
