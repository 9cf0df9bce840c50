"use server";

import { cookies } from "next/headers";
import { isLocale, LOCALE_COOKIE } from "@/lib/i18n/locales";
import { readField } from "@/lib/form-state";

/**
 * The language switcher: remembers the choice for a year. Setting a cookie in
 * a server action re-renders the page it was posted from, so the reader stays
 * where they were (with or without JavaScript), and no return address is
 * needed — the link page's token never travels in a form field.
 */
export async function chooseLocale(formData: FormData): Promise<void> {
  const locale = readField(formData, "locale", 8);
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, {
    path: "/",
    sameSite: "lax",
    httpOnly: true,
    secure: process.env.NODE_ENV === "production",
    maxAge: 60 * 60 * 24 * 365,
  });
}
