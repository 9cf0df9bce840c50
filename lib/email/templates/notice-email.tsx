import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";
import { emailStyles as styles } from "@/lib/email/templates/styles";

export type NoticeEmailProps = {
  appName: string;
  heading: string;
  paragraphs: string[];
  /** A code to type, for account actions that need one (no link: these finish where they started). */
  code?: string;
  expiresInMinutes?: number;
  footer?: string;
  /** One button (the undo link of an email change); the page it opens acts only on a POST. */
  action?: { label: string; url: string };
};

/** Codes for account actions and plain notices (email changed, no account…). */
export function NoticeEmail({ appName, heading, paragraphs, code, expiresInMinutes, footer, action }: NoticeEmailProps) {
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
          {action ? (
            <Button href={action.url} style={styles.button}>
              {action.label}
            </Button>
          ) : null}
          <Hr style={styles.hr} />
          <Text style={styles.muted}>{footer ?? `Sent by ${appName}.`}</Text>
        </Container>
      </Body>
    </Html>
  );
}
