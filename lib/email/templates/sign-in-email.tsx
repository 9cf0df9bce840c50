import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";

export type SignInEmailProps = {
  appName: string;
  /** Already formatted for reading, e.g. "ABC-123". */
  code: string;
  linkUrl: string;
  expiresInMinutes: number;
  /** Where and when it was asked for, so a person can tell it was not them. */
  requestedFrom?: string;
};

/**
 * The one sign-in email: the code big and easy to copy (it is typed on another
 * device more often than not), the link as a second way in.
 */
export function SignInEmail({ appName, code, linkUrl, expiresInMinutes, requestedFrom }: SignInEmailProps) {
  return (
    <Html lang="en">
      <Head />
      <Preview>{`Your ${appName} sign-in code is ${code}`}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading style={styles.heading}>Your sign-in code</Heading>
          <Text style={styles.text}>Enter this code in the browser where you asked to sign in:</Text>
          <Section style={styles.codeBox}>
            <Text style={styles.code}>{code}</Text>
          </Section>
          <Text style={styles.text}>Or sign in with this button, on the same device:</Text>
          <Button href={linkUrl} style={styles.button}>
            Sign in to {appName}
          </Button>
          <Text style={styles.muted}>
            The code and the button work once, only in the browser that asked for them, and expire in{" "}
            {expiresInMinutes} minutes.
          </Text>
          <Hr style={styles.hr} />
          <Text style={styles.muted}>
            Didn&apos;t ask for this? You can safely ignore this email: nobody can sign in without the code, and
            it only works in the browser that requested it.
            {requestedFrom ? ` Requested from ${requestedFrom}.` : ""}
          </Text>
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
  button: { backgroundColor: "#18181b", borderRadius: "8px", color: "#ffffff", display: "inline-block", fontSize: "15px", fontWeight: 600, padding: "12px 20px", textDecoration: "none" },
  muted: { color: "#71717a", fontSize: "13px", lineHeight: "20px" },
  hr: { borderColor: "#e4e4e7", margin: "24px 0 16px" },
};
