import { config } from "@/lib/config";

/**
 * Registered clients of the token endpoints (RFC 8628 client_id), from
 * config.clients. All are public clients (a CLI, a TV app): nothing they
 * ship can be a secret, so a client id names who asks (for the person
 * approving and the account page), it does not authenticate anyone.
 */
export type RegisteredClient = { id: string; name: string; scopes: readonly string[] };

/**
 * Tokens from the JSON code flow (POST /api/auth/code) are not asked for by a
 * registered client: they carry this one's name.
 */
export const CODE_FLOW_CLIENT: RegisteredClient = { id: "email-code", name: "App signed in with an email code", scopes: ["profile"] };

export function findClient(clientId: unknown): RegisteredClient | null {
  if (typeof clientId !== "string" || clientId.length > 128) return null;
  if (clientId === CODE_FLOW_CLIENT.id) return null; // not a device-flow client
  return config.clients.find((c) => c.id === clientId) ?? null;
}

/** Display name of a client id stored on a row (a client removed from config shows its id). */
export function clientName(clientId: string): string {
  if (clientId === CODE_FLOW_CLIENT.id) return CODE_FLOW_CLIENT.name;
  return config.clients.find((c) => c.id === clientId)?.name ?? clientId;
}

/**
 * The scope granted: the requested one (space-separated, RFC 6749 §3.3) if
 * every part is allowed for the client, all of the client's scopes when none
 * was asked for, null (invalid_scope) otherwise.
 */
export function resolveScope(client: RegisteredClient, requested: unknown): string | null {
  if (requested === undefined || requested === null || requested === "") return client.scopes.join(" ");
  if (typeof requested !== "string" || requested.length > 512) return null;
  const parts = requested.split(" ").filter(Boolean);
  if (parts.length === 0 || !parts.every((p) => client.scopes.includes(p))) return null;
  return [...new Set(parts)].join(" ");
}
