import Link from "next/link";

/** Our own 404: Next's default one uses inline styles, which the CSP (lib/security-headers.ts) refuses. */
export default function NotFound() {
  return (
    <section className="card">
      <h1>Page not found</h1>
      <p className="lead">There is nothing at this address.</p>
      <Link href="/">Home</Link>
    </section>
  );
}
