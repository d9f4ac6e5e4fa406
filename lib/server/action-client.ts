// The client's address inside a server action, read the way the route wrappers read it
// (X-Forwarded-For with TRUSTED_PROXY_HOPS, lib/server/client-ip.ts), for per-IP rate limits.
import { headers } from "next/headers";
import { getEnv } from "@/lib/env";
import { clientIp } from "./client-ip";

export async function actionClientAddress(): Promise<string> {
  const request = new Request("http://server-action.invalid/", { headers: await headers() });
  return clientIp(request, getEnv().TRUSTED_PROXY_HOPS);
}
