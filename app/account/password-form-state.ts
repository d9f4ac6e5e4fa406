export type PasswordFormError =
  "invalidNewPassword" | "wrongPassword" | "noPassword" | "rateLimited";

export type PasswordFormState = { kind: "idle" } | { kind: "error"; error: PasswordFormError };
