import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Section, Text } from "@react-email/components";
import { emailStyles as styles } from "@/lib/email/templates/styles";

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
            The code and the button work once, only in the browser where the sign-in was asked for, and expire in{" "}
            {expiresInMinutes} minutes.
          </Text>
          <Text style={styles.text}>
            Never share this code, and never approve a sign-in you did not start: the code or your approval signs
            in whoever asked for it, in their browser.
          </Text>
          <Hr style={styles.hr} />
          <Text style={styles.muted}>
            Didn&apos;t ask for this? Then someone else typed your address, and the browser waiting for this code is
            theirs. Don&apos;t enter the code anywhere and don&apos;t approve anything: ignore this email and nobody
            gets in.
            {requestedFrom ? ` Requested from ${requestedFrom}.` : ""}
          </Text>
        </Container>
      </Body>
    </Html>
  );
}
