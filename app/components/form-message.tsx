import type { FormState } from "@/lib/form-state";

/** Messages live in a stable live region: tests find them by test id. */
export function FormMessage({ state, testId = "form-message" }: { state: FormState; testId?: string }) {
  if (!state.message) return <div data-testid={`${testId}-empty`} aria-live="polite" />;
  const isError = state.tone !== "info";
  return (
    <p
      className={`message ${isError ? "error" : "info"}`}
      role={isError ? "alert" : "status"}
      data-testid={testId}
    >
      {state.message}
    </p>
  );
}
