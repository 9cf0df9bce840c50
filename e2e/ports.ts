/**
 * Every port the e2e run uses, in one place, all relative to E2E_PORT (3100
 * by default), so two checkouts run side by side by moving E2E_PORT alone:
 *
 *   E2E_PORT        main server (defaults)
 *   E2E_PORT + 5    MAGIC_CODE_USER_SWITCH=switch
 *   E2E_PORT + 6    MAGIC_CODE_ALLOW_SIGN_UP=0
 *   E2E_PORT + 41…  instances a spec starts itself (extraPort)
 *   E2E_PORT + 80…  load balancers (nginx) a spec starts itself (balancerPort)
 */
export const basePort = Number(process.env.E2E_PORT ?? 3100);

export const ports = {
  main: basePort,
  userSwitch: basePort + 5,
  noSignUp: basePort + 6,
};

/** Ports for instances a spec starts itself (E2E_PORT + 41 and up). */
export function extraPort(offset: number): number {
  return basePort + 40 + offset;
}

/** Ports for a load balancer a spec starts itself (E2E_PORT + 80 and up). */
export function balancerPort(offset = 0): number {
  return basePort + 80 + offset;
}
