import { config } from "@/lib/config";
import { DEVICE_CODE_GRANT, ENDPOINTS } from "@/lib/auth/metadata";

/**
 * The OpenAPI 3.1 description of every JSON endpoint, served at
 * /api/openapi.json. lib/auth/openapi.test.ts checks it names every route.
 */
const problem = { $ref: "#/components/schemas/Problem" };
const oauthError = { $ref: "#/components/schemas/OAuthError" };
const json = (schema: unknown) => ({ "application/json": { schema } });
const problemJson = { "application/problem+json": { schema: problem } };

export function openApiDocument(origin: string): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: {
      title: `${config.appName} API`,
      version: "1",
      description:
        "Sign-in for things that are not a browser: the RFC 8628 device flow (discover it at /.well-known/oauth-authorization-server) and a JSON email-code flow for native apps. Both end in an opaque bearer token for GET /api/me.",
    },
    servers: [{ url: origin }],
    paths: {
      "/.well-known/oauth-authorization-server": {
        get: { summary: "RFC 8414 authorization server metadata", responses: { "200": { description: "Metadata", content: json({ type: "object" }) } } },
      },
      [ENDPOINTS.deviceAuthorization]: {
        post: {
          summary: "RFC 8628 device authorization request",
          requestBody: {
            required: true,
            content: {
              "application/x-www-form-urlencoded": {
                schema: { type: "object", required: ["client_id"], properties: { client_id: { type: "string", example: "magic-code-cli" }, scope: { type: "string" } } },
              },
            },
          },
          responses: {
            "200": {
              description: "Device and user codes",
              content: json({
                type: "object",
                required: ["device_code", "user_code", "verification_uri", "expires_in", "interval"],
                properties: {
                  device_code: { type: "string" },
                  user_code: { type: "string", example: "BCDF-GHJK" },
                  verification_uri: { type: "string", format: "uri" },
                  verification_uri_complete: { type: "string", format: "uri" },
                  expires_in: { type: "integer", example: config.device.ttlSeconds },
                  interval: { type: "integer", example: config.device.intervalSeconds },
                },
              }),
            },
            "400": { description: "invalid_request, invalid_scope", content: json(oauthError) },
            "401": { description: "invalid_client", content: json(oauthError) },
            "503": { description: "temporarily_unavailable", content: json(oauthError) },
          },
        },
      },
      [ENDPOINTS.token]: {
        post: {
          summary: "RFC 8628 device access token request (poll at `interval`)",
          requestBody: {
            required: true,
            content: {
              "application/x-www-form-urlencoded": {
                schema: {
                  type: "object",
                  required: ["grant_type", "device_code", "client_id"],
                  properties: { grant_type: { const: DEVICE_CODE_GRANT }, device_code: { type: "string" }, client_id: { type: "string" } },
                },
              },
            },
          },
          responses: {
            "200": { description: "Access token", content: json({ $ref: "#/components/schemas/Token" }) },
            "400": { description: "authorization_pending, slow_down, access_denied, expired_token, invalid_grant, invalid_request, unsupported_grant_type", content: json(oauthError) },
            "401": { description: "invalid_client", content: json(oauthError) },
            "503": { description: "temporarily_unavailable", content: json(oauthError) },
          },
        },
      },
      [ENDPOINTS.codeStart]: {
        post: {
          summary: "Email a sign-in code (JSON code flow). The same answer for known and unknown addresses.",
          description:
            "The email is written in the language of `locale` if given, else of the Accept-Language header, else English. Languages: en, de, ar; a region falls back to its language (de-AT is de), one we do not have falls through to the next choice.",
          parameters: [{ name: "Accept-Language", in: "header", required: false, schema: { type: "string" }, description: "The email's language when the body names none." }],
          requestBody: {
            required: true,
            content: json({
              type: "object",
              required: ["email"],
              properties: {
                email: { type: "string", format: "email" },
                locale: { type: "string", maxLength: 64, examples: ["de", "ar-EG"], description: "BCP 47 language tag for the email; first choice, ahead of Accept-Language." },
              },
            }),
          },
          responses: {
            "200": {
              description: "Challenge started; keep clientSecret: the code works only together with it",
              content: json({
                type: "object",
                required: ["challengeId", "clientSecret", "expiresIn"],
                properties: { challengeId: { type: "string" }, clientSecret: { type: "string" }, expiresIn: { type: "integer" } },
              }),
            },
            "400": { description: "Invalid request or email", content: problemJson },
            "429": { description: "Limited (per address or network); Retry-After", content: problemJson },
            "503": { description: "Unavailable", content: problemJson },
          },
        },
      },
      [ENDPOINTS.codeVerify]: {
        post: {
          summary: "Exchange the emailed code (with the client secret) for an access token",
          requestBody: {
            required: true,
            content: json({
              type: "object",
              required: ["challengeId", "clientSecret", "code"],
              properties: { challengeId: { type: "string" }, clientSecret: { type: "string" }, code: { type: "string", example: "ABC-234" } },
            }),
          },
          responses: {
            "200": { description: "Access token", content: json({ $ref: "#/components/schemas/Token" }) },
            "400": { description: "Wrong or malformed code, unknown challenge or wrong client secret", content: problemJson },
            "403": { description: "No account (sign-up off) or codes switched off for the address", content: problemJson },
            "410": { description: "Expired, used, superseded or locked", content: problemJson },
            "429": { description: "Limited; Retry-After", content: problemJson },
            "503": { description: "Unavailable", content: problemJson },
          },
        },
      },
      [ENDPOINTS.me]: {
        get: {
          summary: "The account behind a bearer token",
          security: [{ bearer: [] }],
          responses: {
            "200": { description: "The account", content: json({ type: "object", required: ["id", "email"], properties: { id: { type: "string" }, email: { type: "string" } } }) },
            "401": { description: "Missing, unknown, expired or revoked token", content: problemJson },
          },
        },
      },
      [ENDPOINTS.openapi]: { get: { summary: "This document", responses: { "200": { description: "OpenAPI 3.1", content: json({ type: "object" }) } } } },
    },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: {
        Token: {
          type: "object",
          required: ["access_token", "token_type", "expires_in"],
          properties: { access_token: { type: "string" }, token_type: { const: "Bearer" }, expires_in: { type: "integer" }, scope: { type: "string" } },
        },
        OAuthError: { type: "object", required: ["error"], properties: { error: { type: "string" }, error_description: { type: "string" }, interval: { type: "integer" } } },
        Problem: {
          type: "object",
          description: "RFC 9457 problem details",
          properties: {
            type: { type: "string" },
            title: { type: "string" },
            status: { type: "integer" },
            detail: { type: "string" },
            attemptsLeft: { type: "integer" },
            retryAfterSeconds: { type: "integer" },
          },
        },
      },
    },
  };
}
