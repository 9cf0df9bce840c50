import type { CDPSession, Page } from "@playwright/test";

/**
 * Chromium's virtual authenticator (CDP WebAuthn domain) for a page: a
 * platform authenticator with resident keys and user verification, which
 * answers every prompt by itself. Used by the passkey specs and by the axe
 * scan of an account with a real passkey list.
 */
export async function addAuthenticator(page: Page, options: { autofill?: boolean } = {}): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  // The virtual authenticator answers a conditional (autofill) request by
  // itself, as if the person picked the passkey from the list: every page
  // load of /sign-in would sign in. Tests of the button switch autofill off.
  if (!options.autofill) {
    await page.addInitScript(() => {
      PublicKeyCredential.isConditionalMediationAvailable = async () => false;
    });
  }
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable", { enableUI: false });
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}
