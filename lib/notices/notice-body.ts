// The part of a notice that differs by kind (the rest, greeting and sign-off, is shared), and the
// translator the kinds' own files receive, already scoped to the "notices" messages.
export interface NoticeBody {
  subject: string;
  paragraphs: string[];
  details: { label: string; value: string }[];
  action: { label: string; href: string };
  /** Replaces the shared footer (which speaks of payment notices) when the kind is not one. */
  footer?: string;
}

export type NoticeTranslate = (key: string, values?: Record<string, string>) => string;
