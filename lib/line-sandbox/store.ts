// The emulator's memory: LINE users (made up on the authorize page), authorization codes and access
// tokens of LINE Login, and every message pushed through the Messaging API with its retry key.
import { createHash, randomBytes, randomUUID } from "node:crypto";

export interface LineUser {
  /** "U" and 32 hex digits, like LINE's user ids. */
  userId: string;
  displayName: string;
  /** The address registered (and confirmed) in the user's LINE account, if any. */
  email: string | null;
  /** Added the channel's official account as a friend (LINE's bot_prompt at login). */
  isFriend: boolean;
}

export interface AuthorizationGrant {
  clientId: string;
  redirectUri: string;
  userId: string;
  scope: string;
  nonce?: string;
  codeChallenge?: string;
  /** The user allowed the email permission on the consent screen. */
  isEmailShared: boolean;
  expiresAt: number;
}

export interface AccessGrant {
  clientId: string;
  userId: string;
  scope: string;
  expiresAt: number;
}

export interface SentMessage {
  id: string;
  quoteToken: string;
}

export interface PushedMessage {
  requestId: string;
  to: string;
  messages: Record<string, unknown>[];
  sentMessages: SentMessage[];
  retryKey: string | null;
  receivedAt: string;
}

/** What the push endpoint does to the next requests, for tests of a sender's retries. */
export interface PushBehaviour {
  /** Answer this status (429 or 5xx) without accepting, until `failUntil` or `failCount` runs out. */
  failStatus: number;
  failUntil: number;
  failCount: number;
  /** Accept the message, then close the connection without an answer (a lost response). */
  dropAnswerCount: number;
  /** Accept the message, then wait this long before answering (a sender may die meanwhile). */
  answerDelayMs: number;
}

/** LINE keeps a retry key for 24 hours; within that time a repeat is answered 409. */
export const RETRY_KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;

export const lineUserIdFor = (displayName: string, email: string | null) =>
  `U${createHash("sha256")
    .update(`${displayName}\n${email ?? ""}`)
    .digest("hex")
    .slice(0, 32)}`;

export const opaqueToken = () => randomBytes(24).toString("base64url");

export class LineSandboxStore {
  readonly users = new Map<string, LineUser>();
  readonly codes = new Map<string, AuthorizationGrant>();
  readonly accessTokens = new Map<string, AccessGrant>();
  readonly pushed: PushedMessage[] = [];
  readonly retryKeys = new Map<string, { acceptedAt: number; push: PushedMessage }>();
  /** Pushes refused with 409 because their retry key was already accepted. */
  duplicatesRefused = 0;
  readonly behaviour: PushBehaviour = {
    failStatus: 0,
    failUntil: 0,
    failCount: 0,
    dropAnswerCount: 0,
    answerDelayMs: 0,
  };

  rememberUser(user: Omit<LineUser, "userId">): LineUser {
    const userId = lineUserIdFor(user.displayName, user.email);
    const known = this.users.get(userId);
    const merged = { ...user, userId, isFriend: user.isFriend || (known?.isFriend ?? false) };
    this.users.set(userId, merged);
    return merged;
  }

  acceptedPush(retryKey: string, now: number): PushedMessage | undefined {
    const entry = this.retryKeys.get(retryKey);
    if (!entry) return undefined;
    if (now - entry.acceptedAt > RETRY_KEY_LIFETIME_MS) {
      this.retryKeys.delete(retryKey);
      return undefined;
    }
    return entry.push;
  }

  acceptPush(
    input: Omit<PushedMessage, "requestId" | "sentMessages" | "receivedAt">,
    now: number,
  ): PushedMessage {
    const push: PushedMessage = {
      ...input,
      requestId: randomUUID(),
      sentMessages: input.messages.map(() => ({
        id: String(BigInt(now) * 1000n + BigInt(this.pushed.length)),
        quoteToken: opaqueToken(),
      })),
      receivedAt: new Date(now).toISOString(),
    };
    this.pushed.push(push);
    if (input.retryKey) this.retryKeys.set(input.retryKey, { acceptedAt: now, push });
    return push;
  }

  messagesTo(userId?: string): PushedMessage[] {
    return this.pushed.filter((p) => !userId || p.to === userId).reverse();
  }

  clearMessages(): void {
    this.pushed.length = 0;
    this.retryKeys.clear();
    this.duplicatesRefused = 0;
  }
}
