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
