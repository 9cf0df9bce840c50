import Link from "next/link";
import { auth } from "@/auth";

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await auth();
  const { notice } = await searchParams;
  return (
    <section className="card">
      {notice === "account-deleted" ? (
        <p className="message info" role="status" data-testid="home-notice">
          Your account and everything in it was deleted.
        </p>
      ) : null}
      <h1>Sign in without a password</h1>
      <p className="lead">
        Type your email, get one message with a short code and a link, and finish in this browser. The code only
        works here, so a code read over your shoulder is useless anywhere else.
      </p>
      {session?.user ? (
        <Link className="button" href="/account">
          Go to your account
        </Link>
      ) : (
        <Link className="button" href="/sign-in">
          Sign in
        </Link>
      )}
    </section>
  );
}
