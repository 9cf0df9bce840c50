import { Button, Section, Text } from "@react-email/components";
import { EmailFrame, type FrameSettings } from "@/lib/email/templates/frame";
import { emailStyles as styles } from "@/lib/email/templates/styles";
import { rtlText } from "@/lib/email/templates/text";

/**
 * Every prop is a finished string (copy from lib/email/copy.ts with the
 * values in place): the template only lays them out, so it can be rendered
 * once with placeholders and filled per send.
 */
export type CodeEmailProps = FrameSettings & {
  /** The logo's absolute URL (lib/email/logo.ts), if any. */
  logo?: string;
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
export function CodeEmail({ preview, previewPadding, heading, intro, code, link, validity, warning, footer, ...frame }: CodeEmailProps) {
  const rtl = frame.dir === "rtl";
  return (
    <EmailFrame {...frame} preview={preview} previewPadding={previewPadding} heading={heading} footer={footer}>
      <Text style={styles.text}>{intro}</Text>
      <Section style={styles.codeBox}>
        {/* The code reads left to right in every language ("ABC-123", "123 456"), in the plain text too. */}
        <Text style={styles.code} dir="ltr" {...(rtl ? rtlText.isolate : {})}>
          {code}
        </Text>
      </Section>
      {link ? (
        <>
          <Text style={styles.text}>{link.lead}</Text>
          <Button href={link.url} style={styles.button} {...(rtl ? rtlText.urlOwnLine : {})}>
            {link.label}
          </Button>
        </>
      ) : null}
      <Text style={styles.muted}>{validity}</Text>
      <Text style={styles.warning}>{warning}</Text>
    </EmailFrame>
  );
}
