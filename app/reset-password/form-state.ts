export type ResetLinkRefusal = "used" | "expired" | "unknown";

export type ResetPasswordState =
  | { kind: "idle" }
  | { kind: "error"; error: "invalidNewPassword" | "mismatch" }
  | { kind: "refused"; reason: ResetLinkRefusal };
