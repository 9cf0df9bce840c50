import { Button, Text } from "@react-email/components";
import { EmailFrame, type FrameSettings } from "@/lib/email/templates/frame";
import { emailStyles as styles } from "@/lib/email/templates/styles";
import { rtlText } from "@/lib/email/templates/text";

/** Finished strings only, as in code-email.tsx. */
export type NoticeEmailProps = FrameSettings & {
  logo?: string;
  preview: string;
  previewPadding: string;
  heading: string;
  paragraphs: string[];
  /** One button (the undo link of an email change); the page it opens acts only on a POST. */
  action?: { label: string; url: string };
  footer: string;
};

/** Plain notices (no account, address taken, email changed): no code, no link. */
export function NoticeEmail({ preview, previewPadding, heading, paragraphs, action, footer, ...frame }: NoticeEmailProps) {
  return (
    <EmailFrame {...frame} preview={preview} previewPadding={previewPadding} heading={heading} footer={footer}>
      {paragraphs.map((p, i) => (
        <Text key={i} style={styles.text}>
          {p}
        </Text>
      ))}
      {action ? (
        <Button href={action.url} style={styles.button} {...(frame.dir === "rtl" ? rtlText.urlOwnLine : {})}>
          {action.label}
        </Button>
      ) : null}
    </EmailFrame>
  );
}
