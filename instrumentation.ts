/**
 * Start-up: say which database, email transport and limits are in use, and
 * open (and migrate) the database before the first request needs it.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { announceRuntime } = await import("@/lib/startup");
  await announceRuntime();
}
