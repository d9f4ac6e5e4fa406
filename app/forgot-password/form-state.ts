export type ForgotPasswordState =
  | { kind: "idle" }
  | { kind: "sent" }
  | { kind: "error"; error: "invalidEmail" }
  | { kind: "error"; error: "rateLimited"; minutes: number };
