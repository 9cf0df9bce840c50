import "server-only";
import type { ReactNode } from "react";
import { getFormatter, getNow, getTimeZone } from "next-intl/server";
import { describeTime, type TimeWords } from "@/app/account/times";

export type When = TimeWords & {
  /** The `<time>` tag of a rich message: `t.rich("…", { ...when.values })`. */
  values: { kind: TimeWords["kind"]; when: string; time: (chunks: ReactNode) => ReactNode };
};

/**
 * Formats moments for one request: the reader's locale (next-intl's request
 * config), their time zone (the `tz` cookie, else UTC: lib/i18n/request-locale.ts)
 * and one "now" for the whole page.
 */
export async function timeFormatter(): Promise<{ when: (date: Date) => When; timeZone: string }> {
  const [format, now, timeZone] = await Promise.all([getFormatter(), getNow(), getTimeZone()]);
  return {
    timeZone,
    when(date) {
      const words = describeTime(date, now, format, timeZone);
      return {
        ...words,
        values: {
          kind: words.kind,
          when: words.text,
          time: (chunks) => (
            <time dateTime={words.iso} title={words.absolute}>
              {chunks}
            </time>
          ),
        },
      };
    },
  };
}
