import Link from "next/link";

/**
 * S11: what a page shows when a dependency (the database) is down, instead
 * of an error page. Reloading is enough once it is back: nothing to restart.
 */
export function Unavailable({ retryHref, title = "Sign-in is unavailable" }: { retryHref: string; title?: string }) {
  return (
    <section className="card">
      <h1>{title}</h1>
      <p className="message error" role="alert" data-testid="form-message">
        {title} right now. Please try again in a minute.
      </p>
      <Link href={retryHref}>Try again</Link>
    </section>
  );
}
