import "server-only";
import { config } from "@/lib/config";
import { getEnv } from "@/lib/env";

/**
 * Behaviour a deployment may switch by environment without editing
 * lib/config.ts: the config holds the default, the validated environment
 * (lib/env.ts) may override it. Read through here, never from process.env.
 */
export function signUpAllowed(): boolean {
  return getEnv().MAGIC_CODE_ALLOW_SIGN_UP ?? config.allowSignUp;
}

export function userSwitchPolicy(): "confirm" | "switch" {
  return getEnv().MAGIC_CODE_USER_SWITCH ?? config.userSwitch;
}
