/** Inline styles shared by every email (email clients ignore stylesheets). */
export const emailStyles = {
  body: { backgroundColor: "#f4f4f5", fontFamily: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", margin: 0, padding: "24px 0" },
  container: { backgroundColor: "#ffffff", borderRadius: "12px", margin: "0 auto", maxWidth: "480px", padding: "32px" },
  logo: { border: 0, display: "block", margin: "0 0 16px", outline: "none" },
  heading: { color: "#18181b", fontSize: "22px", fontWeight: 600, margin: "0 0 16px" },
  text: { color: "#27272a", fontSize: "15px", lineHeight: "22px" },
  codeBox: { backgroundColor: "#f4f4f5", borderRadius: "8px", margin: "8px 0 16px", padding: "8px 0", textAlign: "center" as const },
  code: { color: "#18181b", fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", fontSize: "34px", fontWeight: 700, letterSpacing: "6px", margin: 0 },
  button: { backgroundColor: "#18181b", borderRadius: "8px", color: "#ffffff", display: "inline-block", fontSize: "15px", fontWeight: 600, padding: "12px 20px", textDecoration: "none" },
  warning: { color: "#27272a", fontSize: "14px", fontWeight: 600, lineHeight: "20px" },
  muted: { color: "#71717a", fontSize: "13px", lineHeight: "20px" },
  hr: { borderColor: "#e4e4e7", margin: "24px 0 16px" },
};
