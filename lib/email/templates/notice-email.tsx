import { Body, Button, Container, Head, Heading, Hr, Html, Text } from "@react-email/components";
import { EmailPreview } from "@/lib/email/templates/preview";
import { emailStyles as styles } from "@/lib/email/templates/styles";

/** Finished strings only, as in code-email.tsx. */
export type NoticeEmailProps = {
  preview: string;
  previewPadding: string;
  heading: string;
  paragraphs: string[];
  /** One button (the undo link of an email change); the page it opens acts only on a POST. */
  action?: { label: string; url: string };
  footer: string;
};

/** Plain notices (no account, address taken, email changed): no code, no link. */
export function NoticeEmail({ preview, previewPadding, heading, paragraphs, action, footer }: NoticeEmailProps) {
  return (
    <Html lang="en">
      <Head />
      <EmailPreview text={preview} padding={previewPadding} />
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading style={styles.heading}>{heading}</Heading>
          {paragraphs.map((p, i) => (
            <Text key={i} style={styles.text}>
              {p}
            </Text>
          ))}
          {action ? (
            <Button href={action.url} style={styles.button}>
              {action.label}
            </Button>
          ) : null}
          <Hr style={styles.hr} />
          <Text style={styles.muted}>{footer}</Text>
        </Container>
      </Body>
    </Html>
  );
}
