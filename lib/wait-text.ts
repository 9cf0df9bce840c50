/** "42 minutes", "1 minute", "30 seconds": how long a limit still holds, for people. */
export function waitText(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return `${s} ${s === 1 ? "second" : "seconds"}`;
  const minutes = Math.ceil(s / 60);
  return `${minutes} ${minutes === 1 ? "minute" : "minutes"}`;
}
