// A text field's value from submitted form data ("" when absent). FormData entries may also be
// files; String() on one would send "[object File]".
export function formText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}
