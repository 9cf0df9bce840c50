import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { config } from "@/lib/config";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: config.appName, template: `%s · ${config.appName}` },
  description: "Passwordless sign-in with a short code bound to your browser.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: each response carries its own CSP nonce
  // (proxy.ts), which a prerendered page could not have.
  await connection();
  return (
    <html lang="en">
      <body>
        <header className="site-header">
          <Link href="/" className="brand">
            {config.appName}
          </Link>
          <nav>
            <Link href="/account">Account</Link>
          </nav>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
