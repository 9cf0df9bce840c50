import { ports } from "./ports";

/** Base URLs of the e2e servers started by playwright.config.ts (ports: e2e/ports.ts). */
export const servers = {
  /** Defaults: sign-up on, user switch "confirm". */
  main: `http://localhost:${ports.main}`,
  /** MAGIC_CODE_USER_SWITCH=switch */
  userSwitch: `http://localhost:${ports.userSwitch}`,
  /** MAGIC_CODE_ALLOW_SIGN_UP=0 */
  noSignUp: `http://localhost:${ports.noSignUp}`,
};

export { extraPort, balancerPort } from "./ports";
