/**
 * The app's one log line format. Callers pass facts, never secrets: no code,
 * token, cookie value or full email address ever reaches this function.
 */
export function logLine(message: string, fields?: Record<string, string | number | boolean | undefined>): void {
  const extra = fields
    ? " " +
      Object.entries(fields)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(" ")
    : "";
  console.log(`[magic-code] ${message}${extra}`);
}

export function logError(message: string, error?: unknown): void {
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : error === undefined ? "" : String(error);
  console.error(`[magic-code] ${message}${detail ? ` (${detail})` : ""}`);
}
