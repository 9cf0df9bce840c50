import type { ReactNode } from "react";
import { Body, Container, Head, Heading, Hr, Html, Text } from "@react-email/components";
import { EmailPreview } from "@/lib/email/templates/preview";
import { emailStyles as styles } from "@/lib/email/templates/styles";

/**
 * What every email shares: the inbox preview line, the heading, and the
 * footer under a rule. Finished strings only (lib/email/compile.ts renders
 * templates once with placeholders).
 */
export function EmailFrame(props: { preview: string; previewPadding: string; heading: string; footer: string; children: ReactNode }) {
  return (
    <Html lang="en">
      <Head />
      <EmailPreview text={props.preview} padding={props.previewPadding} />
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Heading style={styles.heading}>{props.heading}</Heading>
          {props.children}
          <Hr style={styles.hr} />
          <Text style={styles.muted}>{props.footer}</Text>
        </Container>
      </Body>
    </Html>
  );
}
