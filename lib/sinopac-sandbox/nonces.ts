// /Nonce: base64 of "<.NET ticks in ms, Taiwan time>.<tenth>:<64 hex>" like the real ones (an
// observation, not a contract); single use, 60 s, bound to the fetching IP.
import { randomBytes } from "node:crypto";
import type { SandboxClock } from "./clock";

const DOTNET_EPOCH_OFFSET_MS = 62_135_596_800_000; // 0001-01-01 → 1970-01-01
const TAIWAN_MS = 8 * 60 * 60 * 1000;

interface Issued {
  shopNo: string;
  ip: string;
  expiresAt: number;
}

export type NonceCheck = "ok" | "unknown" | "expired" | "wrong_shop" | "wrong_ip";

export class NonceBook {
  private readonly issued = new Map<string, Issued>();

  constructor(
    private readonly clock: SandboxClock,
    private readonly ttlMs: number,
    private readonly bindToIp: boolean,
  ) {}

  issue(shopNo: string, ip: string): string {
    const now = this.clock.now().getTime();
    this.sweep(now);
    const ticks = `${now + TAIWAN_MS + DOTNET_EPOCH_OFFSET_MS}.${Math.floor(Math.random() * 10)}`;
    const nonce = Buffer.from(`${ticks}:${randomBytes(32).toString("hex")}`).toString("base64");
    this.issued.set(nonce, { shopNo, ip, expiresAt: now + this.ttlMs });
    return nonce;
  }

  /** Any outcome but "unknown" uses the nonce up: it never works twice. */
  consume(nonce: string, shopNo: string, ip: string): NonceCheck {
    const entry = this.issued.get(nonce);
    if (!entry) return "unknown";
    this.issued.delete(nonce);
    if (this.clock.now().getTime() > entry.expiresAt) return "expired";
    if (entry.shopNo !== shopNo) return "wrong_shop";
    if (this.bindToIp && entry.ip !== ip) return "wrong_ip";
    return "ok";
  }

  /** A server nonce for an answer (never accepted back as a request nonce). */
  answerNonce(): string {
    const now = this.clock.now().getTime() + TAIWAN_MS + DOTNET_EPOCH_OFFSET_MS;
    return Buffer.from(`${now}.0:${randomBytes(32).toString("hex")}`).toString("base64");
  }

  private sweep(now: number) {
    for (const [nonce, entry] of this.issued) if (entry.expiresAt < now) this.issued.delete(nonce);
  }

  clear() {
    this.issued.clear();
  }
}
