// A field for a password being chosen (sign-up, change, reset): the browser checks the same length
// the server's schema does, and offers to generate and save one.
import { NEW_PASSWORD_LENGTH } from "@/lib/auth/password-rules";
import { Input } from "./ui/field";

export function NewPasswordInput({ name }: { name: string }) {
  return (
    <Input
      name={name}
      type="password"
      autoComplete="new-password"
      minLength={NEW_PASSWORD_LENGTH.min}
      maxLength={NEW_PASSWORD_LENGTH.max}
      required
    />
  );
}
