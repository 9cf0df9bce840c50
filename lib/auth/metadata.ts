import { config } from "@/lib/config";

/** Where the endpoints live (one list: metadata, OpenAPI, device responses and the CLI agree). */
export const ENDPOINTS = {
  deviceAuthorization: "/api/oauth/device_authorization",
  token: "/api/oauth/token",
  activate: "/activate",
  me: "/api/me",
  codeStart: "/api/auth/code",
  codeVerify: "/api/auth/code/verify",
  openapi: "/api/openapi.json",
} as const;

export const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

/**
 * RFC 8414 authorization server metadata. The issuer is this origin (§2: https
 * in production, no query or fragment); everything a standard device-flow
 * client needs to discover is here.
 */
export function authorizationServerMetadata(origin: string): Record<string, unknown> {
  return {
    issuer: origin,
    device_authorization_endpoint: `${origin}${ENDPOINTS.deviceAuthorization}`,
    token_endpoint: `${origin}${ENDPOINTS.token}`,
    grant_types_supported: [DEVICE_CODE_GRANT],
    // Registered clients are public (no client secret): RFC 8628 §3.1 "client_id" only.
    token_endpoint_auth_methods_supported: ["none"],
    // No authorization endpoint, so no response types: RFC 8414 §3.2 says
    // claims with zero elements are omitted (erratum 7793: then not required).
    scopes_supported: [...new Set(config.clients.flatMap((c) => c.scopes))],
    service_documentation: `${origin}${ENDPOINTS.openapi}`,
  };
}
