// The emulator clock: a base time source plus an offset that tests move through the control API,
// so 60-second nonces, ATM deadlines and the 10-minute BackendURL retries pass without waiting.

export type TimeSource = () => Date;

export interface SandboxClock {
  now(): Date;
  offsetMs(): number;
  advance(ms: number): void;
  /** Moves the clock so that now() returns `target` at this instant. */
  setNow(target: Date): void;
  resetOffset(): void;
}

export function createSandboxClock(base: TimeSource = () => new Date()): SandboxClock {
  let offset = 0;
  return {
    now: () => new Date(base().getTime() + offset),
    offsetMs: () => offset,
    advance(ms) {
      offset += ms;
    },
    setNow(target) {
      offset = target.getTime() - base().getTime();
    },
    resetOffset() {
      offset = 0;
    },
  };
}
