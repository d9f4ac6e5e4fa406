// Channel authentication for LINE API calls (§2): headers present → 1106, known channel → 1104,
// signature over the raw bytes received → 1106.
import type { IncomingMessage } from "node:http";
import { envelope, type Envelope } from "./json";
import type { ResolvedChannel } from "./options";
import { verifySignature } from "./signature";

export type AuthResult = { ok: true; channel: ResolvedChannel } | { ok: false; error: Envelope };

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  // A repeated header (e.g. auth headers appended twice by a reused .NET HttpClient) fails like on LINE.
  return Array.isArray(value) ? value.join(", ") : value;
}

export function authenticate(
  req: IncomingMessage,
  channels: Map<string, ResolvedChannel>,
  signed: { apiPath: string; payload: Buffer | string },
): AuthResult {
  const channelId = header(req, "x-line-channelid");
  const nonce = header(req, "x-line-authorization-nonce");
  const signature = header(req, "x-line-authorization");
  if (!channelId || !nonce || !signature) {
    const missing = [
      !channelId && "X-LINE-ChannelId",
      !nonce && "X-LINE-Authorization-Nonce",
      !signature && "X-LINE-Authorization",
    ].filter(Boolean);
    return {
      ok: false,
      error: envelope("1106", `Header information error. Missing ${missing.join(", ")}.`),
    };
  }
  const channel = channels.get(channelId);
  if (!channel) return { ok: false, error: envelope("1104", "Merchant not found.") };
  const valid = verifySignature({
    channelSecret: channel.channelSecret,
    ...signed,
    nonce,
    signature,
  });
  if (!valid) {
    return {
      ok: false,
      error: envelope(
        "1106",
        "Header information error. X-LINE-Authorization does not match Base64(HMAC-SHA256(secret, secret + apiPath + body|query + nonce)).",
      ),
    };
  }
  return { ok: true, channel };
}
