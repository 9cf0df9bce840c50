import { Body, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";

export type NoticeEmailProps = {
  appName: string;
  heading: string;
  paragraphs: string[];
  /** A code to type, for account actions that need one (no link: these finish where they started). */
  code?: string;
  expiresInMinutes?: number;
  footer?: string;
};

/** Codes for account actions and plain notices (email changed, no account…). */
export function NoticeEmail({ appName, heading, paragraphs, code, expiresInMinutes, footer }: NoticeEmailProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{code ? `${heading}: ${code}` : heading}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading style={styles.heading}>{heading}</Heading>
          {paragraphs.map((p, i) => (
            <Text key={i} style={styles.text}>
              {p}
            </Text>
          ))}
          {code ? (
            <>
              <Section style={styles.codeBox}>
                <Text style={styles.code}>{code}</Text>
              </Section>
              <Text style={styles.muted}>
                It works once, only in the browser that asked for it, and expires in {expiresInMinutes} minutes.
              </Text>
            </>
          ) : null}
          <Hr style={styles.hr} />
          <Text style={styles.muted}>{footer ?? `Sent by ${appName}.`}</Text>
        </Container>
      </Body>
    </Html>
  );
}

const styles = {
  body: { backgroundColor: "#f4f4f5", fontFamily: "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", margin: 0, padding: "24px 0" },
  container: { backgroundColor: "#ffffff", borderRadius: "12px", margin: "0 auto", maxWidth: "480px", padding: "32px" },
  heading: { color: "#18181b", fontSize: "22px", fontWeight: 600, margin: "0 0 16px" },
  text: { color: "#27272a", fontSize: "15px", lineHeight: "22px" },
  codeBox: { backgroundColor: "#f4f4f5", borderRadius: "8px", margin: "8px 0 16px", padding: "8px 0", textAlign: "center" as const },
  code: { color: "#18181b", fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", fontSize: "34px", fontWeight: 700, letterSpacing: "6px", margin: 0 },
  muted: { color: "#71717a", fontSize: "13px", lineHeight: "20px" },
  hr: { borderColor: "#e4e4e7", margin: "24px 0 16px" },
};
