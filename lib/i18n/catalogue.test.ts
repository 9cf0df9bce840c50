import { describe, expect, it } from "vitest";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { messagesFor } from "@/lib/i18n/messages";
import { LOCALES, DEFAULT_LOCALE } from "@/lib/i18n/locales";

/**
 * The catalogues are complete: every locale has exactly English's keys, every
 * message is valid ICU with the same arguments as its English original, and
 * none is silently left in English.
 */

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if ("value" in element && typeof element.value === "string" && element.type !== TYPE.literal) {
      into.add(element.value);
    }
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      for (const option of Object.values(element.options)) argumentsOf(option.value, into);
    }
    if (element.type === TYPE.tag) {
      into.add(`<${element.value}>`);
      argumentsOf(element.children, into);
    }
  }
  return into;
}

/**
 * Strings that are the same in every language on purpose ("namespace.key").
 * Anything else equal to its English original is an untranslated string.
 */
const SAME_IN_EVERY_LANGUAGE = new Set<string>([]);

const english = flatten(messagesFor(DEFAULT_LOCALE) as unknown as Tree);
const others = LOCALES.filter((l) => l !== DEFAULT_LOCALE);

it("English has messages", () => {
  expect(english.size).toBeGreaterThan(0);
});

describe.each(LOCALES)("%s", (locale) => {
  const messages = flatten(messagesFor(locale) as unknown as Tree);

  it("has exactly the English keys", () => {
    const missing = [...english.keys()].filter((k) => !messages.has(k));
    const extra = [...messages.keys()].filter((k) => !english.has(k));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it("has valid ICU messages with the English arguments", () => {
    const wrong: string[] = [];
    for (const [key, value] of messages) {
      let args: Set<string>;
      try {
        args = argumentsOf(parse(value));
      } catch (error) {
        wrong.push(`${key}: ${(error as Error).message}`);
        continue;
      }
      const source = english.get(key);
      if (source === undefined) continue;
      const expected = argumentsOf(parse(source));
      if ([...expected].sort().join() !== [...args].sort().join()) {
        wrong.push(`${key}: arguments ${[...args].sort().join() || "none"}, English has ${[...expected].sort().join() || "none"}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  if (others.includes(locale)) {
    it("translates every message", () => {
      const untranslated = [...messages]
        .filter(([key, value]) => /\p{L}{2}/u.test(value) && value === english.get(key) && !SAME_IN_EVERY_LANGUAGE.has(key))
        .map(([key]) => key);
      expect(untranslated).toEqual([]);
    });
  }
});
