// LINE Login and LINE Messaging API settings (part of lib/env.ts). Unset addresses mean LINE
// itself; `npm run dev` and the end-to-end stack point them at the local LINE sandbox.
import { z } from "zod";

const optionalUrl = z.preprocess((v) => (v === "" ? undefined : v), z.url().optional());
const optional = z.preprocess((v) => (v === "" ? undefined : v), z.string().optional());

export const lineEnvShape = {
  // The OpenID issuer LINE Login's discovery document is read from (default https://access.line.me).
  LINE_LOGIN_ISSUER_URL: optionalUrl,
  // api.line.me: the friendship status after sign-in and the Messaging API push endpoint.
  LINE_API_BASE_URL: optionalUrl,
  // The Messaging API channel access token; unset = no notices by LINE message.
  LINE_MESSAGING_CHANNEL_ACCESS_TOKEN: optional,
};

export const LINE_ISSUER = "https://access.line.me";
export const LINE_API = "https://api.line.me";
