// Plain-HTTP helpers for the adversarial specs: read a page's forms the way a
// browser without JavaScript would, and post them back (as a no-JS form post,
// or as the fetch a hydrated form makes), with a small cookie jar.

export type ParsedForm = {
  /** Every input (hidden or not) with its name and value, in order. */
  inputs: [string, string][];
  /** The visible text of the form (button labels). */
  text: string;
};

const ENTITIES: Record<string, string> = { quot: '"', amp: "&", lt: "<", gt: ">", apos: "'", "#x27": "'", "#39": "'" };

function decode(text: string): string {
  return text.replace(/&(#x?[0-9a-f]+|\w+);/gi, (whole, name: string) => {
    if (ENTITIES[name] !== undefined) return ENTITIES[name]!;
    if (name.startsWith("#x")) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return whole;
  });
}

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([^\s=/>]+)(?:="([^"]*)")?/g)) out[m[1]!] = decode(m[2] ?? "");
  return out;
}

export function formsIn(html: string): ParsedForm[] {
  return [...html.matchAll(/<form\b[^>]*>([\s\S]*?)<\/form>/g)].map((m) => {
    const body = m[1]!;
    const inputs = [...body.matchAll(/<input\b([^>]*)>/g)]
      .map((i) => attributes(i[1]!))
      .filter((a) => a.name !== undefined)
      .map((a) => [a.name!, a.value ?? ""] as [string, string]);
    const text = decode(body.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim());
    return { inputs, text };
  });
}

/** The form holding an input with this name (or whose text includes it). */
export function findForm(html: string, match: { input?: string; text?: string }): ParsedForm {
  const form = formsIn(html).find(
    (f) => (!match.input || f.inputs.some(([n]) => n === match.input)) && (!match.text || f.text.includes(match.text)),
  );
  if (!form) throw new Error(`no form with ${JSON.stringify(match)} on the page`);
  return form;
}

/** The server action behind a useActionState form: its id and bound state. */
export function actionOf(form: ParsedForm): { id: string; bound: string } {
  const ref = form.inputs.find(([n]) => /^\$ACTION_\d+:0$/.test(n));
  const bound = form.inputs.find(([n]) => /^\$ACTION_\d+:1$/.test(n));
  if (!ref) throw new Error("not a server-action form");
  return { id: (JSON.parse(ref[1]) as { id: string }).id, bound: bound?.[1] ?? "[{}]" };
}

export class CookieJar {
  readonly cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

export type PostOptions = {
  cookie?: string;
  headers?: Record<string, string>;
  /** "mpa": what a browser without JS posts; "fetch": what a hydrated form sends. */
  mode?: "mpa" | "fetch";
  /** "chunked": no Content-Length, the body streamed (Transfer-Encoding: chunked). */
  framing?: "length" | "chunked";
  /** Fetch mode: the arguments part (part 0) as sent, instead of the form's own. */
  args?: string;
};

/** The same bytes without a Content-Length: Node's fetch sends a stream chunked. */
export async function chunkedBody(body: BodyInit, headers: Record<string, string>): Promise<{ body: ReadableStream<Uint8Array>; headers: Record<string, string> }> {
  const framed = new Request("http://localhost/", { method: "POST", body });
  const bytes = new Uint8Array(await framed.arrayBuffer());
  const type = framed.headers.get("content-type");
  let at = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.byteLength) return controller.close();
      controller.enqueue(bytes.subarray(at, at + 16 * 1024));
      at += 16 * 1024;
    },
  });
  return { body: stream, headers: { ...headers, ...(type ? { "content-type": type } : {}) } };
}

type FieldValue = string | Blob;

/**
 * Posts a server-action form. `fields` are the user fields (name → value, or
 * several values); the framing comes from the parsed form.
 */
export async function postAction(
  url: string,
  form: ParsedForm,
  fields: [string, FieldValue][],
  options: PostOptions = {},
): Promise<Response> {
  const body = new FormData();
  const headers: Record<string, string> = { ...(options.cookie ? { cookie: options.cookie } : {}), ...options.headers };
  if ((options.mode ?? "mpa") === "mpa") {
    for (const [name, value] of form.inputs) if (name.startsWith("$ACTION")) body.append(name, value);
    for (const [name, value] of fields) body.append(name, value);
  } else {
    const { id, bound } = actionOf(form);
    const state = (JSON.parse(bound) as unknown[])[0] ?? {};
    body.append("0", options.args ?? JSON.stringify([state, "$K1"]));
    for (const [name, value] of fields) body.append(`1_${name}`, value);
    headers["next-action"] = id;
    headers.accept = "text/x-component";
  }
  if (options.framing === "chunked") {
    const chunked = await chunkedBody(body, headers);
    return fetch(url, { method: "POST", body: chunked.body, headers: chunked.headers, redirect: "manual", duplex: "half" } as RequestInit);
  }
  return fetch(url, { method: "POST", body, headers, redirect: "manual" });
}

/** The hidden (non-$ACTION) fields of a form, e.g. challengeId and callbackUrl. */
export function hiddenFields(form: ParsedForm): [string, string][] {
  return form.inputs.filter(([n]) => !n.startsWith("$ACTION"));
}

/** The code of the count-th email to an address, read over plain HTTP from the dev mailbox of `base`. */
export async function mailboxCode(base: string, to: string, count = 1): Promise<string> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const response = await fetch(`${base}/dev/mailbox/messages?to=${encodeURIComponent(to)}`);
    const { messages } = (await response.json()) as { messages: { code: string | null }[] };
    if (messages.length >= count && messages[0]!.code) return messages[0]!.code;
    if (Date.now() > deadline) throw new Error(`no email #${count} to ${to}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
