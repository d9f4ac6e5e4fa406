// The HTML part of every notice, as a React component rendered to static markup: one simple
// layout (inline styles, as mail clients ignore style sheets) filled from the notice's content. The
// button uses the shop's darker green: white on LINE's own green is too faint to read (2.3:1).
import type { NoticeContent } from "./notice-content";

const text = { fontFamily: "system-ui, sans-serif", color: "#1f2933", lineHeight: 1.5 };

export function NoticeEmail({ content }: { content: NoticeContent }) {
  return (
    <html lang={content.locale}>
      <head>
        <meta charSet="utf-8" />
        <title>{content.subject}</title>
      </head>
      <body style={{ ...text, margin: 0, padding: "24px", background: "#f5f7fa" }}>
        <main style={{ maxWidth: 560, margin: "0 auto", background: "#fff", padding: "24px" }}>
          <p>{content.greeting}</p>
          {content.paragraphs.map((paragraph) => (
            <p key={paragraph}>{paragraph}</p>
          ))}
          <table style={{ borderCollapse: "collapse", width: "100%", margin: "16px 0" }}>
            <tbody>
              {content.details.map((detail) => (
                <tr key={detail.label}>
                  <th style={{ textAlign: "left", padding: "4px 12px 4px 0", fontWeight: 600 }}>
                    {detail.label}
                  </th>
                  <td style={{ padding: "4px 0" }}>{detail.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <a
              href={content.action.href}
              style={{
                display: "inline-block",
                background: "#047a35",
                color: "#fff",
                padding: "10px 16px",
                borderRadius: 6,
                textDecoration: "none",
              }}
            >
              {content.action.label}
            </a>
          </p>
          <p style={{ whiteSpace: "pre-line" }}>{content.signOff}</p>
          <hr />
          <p style={{ fontSize: 12, color: "#52606d" }}>{content.footer}</p>
        </main>
      </body>
    </html>
  );
}

export async function renderNoticeHtml(content: NoticeContent): Promise<string> {
  // Loaded when used: Next.js refuses a static react-dom/server import in code its route handlers
  // reach (the cron route sends notices); the sender runs on the server only.
  const { renderToStaticMarkup } = await import("react-dom/server");
  return `<!DOCTYPE html>${renderToStaticMarkup(<NoticeEmail content={content} />)}`;
}
