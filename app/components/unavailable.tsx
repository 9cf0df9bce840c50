import Link from "next/link";

/**
 * S11: what a page shows when a dependency (the database) is down, instead
 * of an error page. Reloading is enough once it is back: nothing to restart.
 */
export function Unavailable({ retryHref }: { retryHref: string }) {
  return (
    <section className="card">
      <h1>Sign-in is unavailable</h1>
      <p className="message error" role="alert" data-testid="form-message">
        Sign-in is unavailable right now. Please try again in a minute.
      </p>
      <Link href={retryHref}>Try again</Link>
    </section>
  );
}
