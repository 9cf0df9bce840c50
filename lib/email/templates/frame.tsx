import type { ReactNode } from "react";
import { Body, Container, Head, Heading, Hr, Html, Img, Text } from "@react-email/components";
import { EmailPreview } from "@/lib/email/templates/preview";
import { emailStyles as styles } from "@/lib/email/templates/styles";
import { EMAIL_LOGO_SIZE } from "@/lib/email/logo";

/** The language of an email and the name its logo stands for. */
export type FrameSettings = { lang: string; dir: "ltr" | "rtl"; appName: string };

/**
 * What every email shares: the language and direction, the inbox preview
 * line, the logo, the heading, and the footer under a rule. Finished strings
 * only (lib/email/compile.ts renders templates once with placeholders).
 * `dir` is set on <html> and again on the container: Gmail and others drop
 * the <html> and <body> attributes.
 */
export function EmailFrame(
  props: FrameSettings & { logo?: string; preview: string; previewPadding: string; heading: string; footer: string; children: ReactNode },
) {
  return (
    <Html lang={props.lang} dir={props.dir}>
      <Head />
      <EmailPreview text={props.preview} padding={props.previewPadding} />
      <Body style={styles.body}>
        <Container style={styles.container} dir={props.dir}>
          {props.logo ? (
            // The app's name is the alt text: with images blocked (the default in many clients) the name shows instead.
            <Img src={props.logo} alt={props.appName} width={EMAIL_LOGO_SIZE} height={EMAIL_LOGO_SIZE} style={styles.logo} />
          ) : null}
          <Heading style={styles.heading}>{props.heading}</Heading>
          {props.children}
          <Hr style={styles.hr} />
          <Text style={styles.muted}>{props.footer}</Text>
        </Container>
      </Body>
    </Html>
  );
}
