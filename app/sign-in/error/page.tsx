import type { Metadata } from "next";
import Link from "next/link";
import { providerErrorMessage } from "@/app/sign-in/provider-errors";

export const metadata: Metadata = { title: "Sign-in problem" };

/**
 * Where Auth.js sends its own errors (pages.error in auth.config.ts): a
 * direct post to its endpoints without the cookies it needs, or a fault.
 * One clear message (a provider's refusal says which); the details stay in
 * the server log.
 */
export default async function SignInErrorPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { error } = await searchParams;
  return (
    <section className="card">
      <h1>That didn&apos;t work</h1>
      <p className="message error" role="alert" data-testid="form-message">
        {providerErrorMessage(error) ?? "Something went wrong while signing you in. Please start again."}
      </p>
      <Link href="/sign-in">Sign in</Link>
    </section>
  );
}
