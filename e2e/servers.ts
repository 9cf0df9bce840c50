/** Base URLs of the e2e servers started by playwright.config.ts. */
const port = Number(process.env.E2E_PORT ?? 3100);

export const servers = {
  /** Defaults: sign-up on, user switch "confirm". */
  main: `http://localhost:${port}`,
  /** MAGIC_CODE_USER_SWITCH=switch */
  userSwitch: `http://localhost:${port + 5}`,
  /** MAGIC_CODE_ALLOW_SIGN_UP=0 */
  noSignUp: `http://localhost:${port + 6}`,
};

/**
 * Ports for instances a spec starts itself (E2E_PORT + 41 and up), so two
 * checkouts can run their e2e side by side by moving E2E_PORT alone.
 */
export function extraPort(offset: number): number {
  return port + 40 + offset;
}
