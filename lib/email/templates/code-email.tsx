import { Button, Section, Text } from "@react-email/components";
import { EmailFrame } from "@/lib/email/templates/frame";
import { emailStyles as styles } from "@/lib/email/templates/styles";

/**
 * Every prop is a finished string (copy from lib/email/copy.ts with the
 * values in place): the template only lays them out, so it can be rendered
 * once with placeholders and filled per send.
 */
export type CodeEmailProps = {
  preview: string;
  previewPadding: string;
  heading: string;
  intro: string;
  /** Already formatted for reading, e.g. "ABC-123" or "123 456". */
  code: string;
  /** Sign-in only. */
  link?: { lead: string; label: string; url: string };
  validity: string;
  warning: string;
  footer: string;
};

/**
 * The code email: the code big and easy to copy (it is typed on another
 * device more often than not); for sign-in, the link as a second way in.
 */
export function CodeEmail({ preview, previewPadding, heading, intro, code, link, validity, warning, footer }: CodeEmailProps) {
  return (
    <EmailFrame preview={preview} previewPadding={previewPadding} heading={heading} footer={footer}>
      <Text style={styles.text}>{intro}</Text>
      <Section style={styles.codeBox}>
        <Text style={styles.code}>{code}</Text>
      </Section>
      {link ? (
        <>
          <Text style={styles.text}>{link.lead}</Text>
          <Button href={link.url} style={styles.button}>
            {link.label}
          </Button>
        </>
      ) : null}
      <Text style={styles.muted}>{validity}</Text>
      <Text style={styles.warning}>{warning}</Text>
    </EmailFrame>
  );
}
