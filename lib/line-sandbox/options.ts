// What the emulator knows of its channels: the LINE Login channels (id, secret, name shown on the
// consent screen) and the Messaging API channel access tokens it accepts.
export interface LoginChannel {
  id: string;
  secret: string;
  name: string;
}

export interface LineSandboxOptions {
  port?: number;
  host?: string;
  /** Where browsers and clients reach it; the ID token's issuer. Defaults to the listening URL. */
  publicUrl?: string;
  loginChannels: LoginChannel[];
  messagingTokens: string[];
  now?: () => number;
}

/** The demo channels `npm run line-sandbox` uses when none is configured; meaningless elsewhere. */
export const DEMO_LOGIN_CHANNEL: LoginChannel = {
  id: "1657000000",
  secret: "line-login-sandbox-demo-secret",
  name: "VIP Club",
};
export const DEMO_MESSAGING_TOKEN = "line-messaging-sandbox-demo-token";
