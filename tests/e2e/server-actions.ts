// Calls a server action over HTTP the way Next.js's client does: POST to the page with a
// `Next-Action: <id>` header and the arguments in React's reply encoding (a FormData argument
// becomes fields `_1_<name>` referenced as "$K1" from the argument list in field `0`; see
// encodeReply in react-server-dom-*-client). The ids come
// from the production build's server-reference-manifest, the same ids the admin pages render.
import { readFileSync } from "node:fs";
import type { APIRequestContext, APIResponse } from "@playwright/test";
import type { ActionCall } from "./route-catalog";

interface Manifest {
  node: Record<string, { filename: string; exportedName: string }>;
}

let manifest: Manifest | undefined;

export function actionId(file: string, exportName: string): string {
  manifest ??= JSON.parse(
    readFileSync(".next/server/server-reference-manifest.json", "utf8"),
  ) as Manifest;
  const found = Object.entries(manifest.node).find(
    ([, entry]) => entry.filename === file && entry.exportedName === exportName,
  );
  if (!found)
    throw new Error(
      `No server action ${exportName} in ${file} in the build; rebuild with next build`,
    );
  return found[0];
}

/** Every action in the build, to check the catalog covers them. */
export function builtActions(): string[] {
  actionId("app/_components/switch-locale-action.ts", "switchLocaleAction");
  return Object.values(manifest!.node)
    .map((entry) => `${entry.filename} ${entry.exportedName}`)
    .sort();
}

/**
 * Encodes the call; `form` values are sent as they are (FormData entries are not re-escaped). The
 * argument list ("0") goes last, as React's client sends it: the server resolves "$K1" as soon as
 * "0" arrives, so fields sent after it would be missing from the form.
 */
export function encodeActionBody(call: Pick<ActionCall, "leadingArgs" | "form">): {
  multipart?: FormData;
  data?: string;
  contentType?: string;
} {
  if (call.form === null)
    return { data: JSON.stringify(call.leadingArgs), contentType: "text/plain;charset=UTF-8" };
  const multipart = new FormData();
  for (const [name, value] of Object.entries(call.form)) multipart.append(`_1_${name}`, value);
  multipart.append("0", JSON.stringify([...call.leadingArgs, "$K1"]));
  return { multipart };
}

export async function callAction(
  api: APIRequestContext,
  path: string,
  call: ActionCall,
  headers: Record<string, string> = {},
): Promise<APIResponse> {
  const body = encodeActionBody(call);
  return api.post(path, {
    headers: {
      "Next-Action": actionId(call.file, call.exportName),
      Accept: "text/x-component",
      ...(body.contentType && { "Content-Type": body.contentType }),
      ...headers,
    },
    ...(body.multipart ? { multipart: body.multipart } : { data: body.data }),
    maxRedirects: 0,
  });
}

/** Where a response sends the browser: a Location header, or a server action's redirect header. */
export function redirectTarget(response: APIResponse): string | null {
  const headers = response.headers();
  if (headers.location) return headers.location;
  const action = headers["x-action-redirect"];
  return action ? action.split(";")[0]! : null;
}
