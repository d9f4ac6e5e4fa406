// Builds the client from already-validated env values (lib/env.ts); the client itself never reads
// process.env, so tests and scripts can point it anywhere.
import { createLinePayClient, type LinePayClient, type LinePayClientOptions } from "./client";

export interface LinePayEnv {
  LINEPAY_API_BASE_URL: string;
  LINEPAY_CHANNEL_ID: string;
  LINEPAY_CHANNEL_SECRET: string;
}

export function linePayClientFromEnv(
  env: LinePayEnv,
  options: Omit<LinePayClientOptions, "baseUrl" | "channelId" | "channelSecret"> = {},
): LinePayClient {
  return createLinePayClient({
    ...options,
    baseUrl: env.LINEPAY_API_BASE_URL,
    channelId: env.LINEPAY_CHANNEL_ID,
    channelSecret: env.LINEPAY_CHANNEL_SECRET,
  });
}
