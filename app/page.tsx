import Link from "next/link";
import { auth } from "@/auth";

export default async function HomePage() {
  const session = await auth();
  return (
    <section className="card">
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
