import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { auth, signOut } from "@/auth";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const session = await auth();
  if (!session?.user) redirect("/sign-in?callbackUrl=%2Faccount");

  async function signOutAction() {
    "use server";
    await signOut({ redirectTo: "/sign-in" });
  }

  return (
    <section className="card">
      <h1>Your account</h1>
      <dl className="facts">
        <dt>Email</dt>
        <dd data-testid="account-email">{session.user.email}</dd>
      </dl>
      <form action={signOutAction} className="row">
        <button type="submit" className="secondary">
          Sign out
        </button>
      </form>
    </section>
  );
}
