/**
 * What proxy.ts refuses before Next.js sees a POST (S10: a 4xx that says
 * why, never the 500 Next.js would answer):
 * - bodies over Next's server-action limit, however framed: by
 *   Content-Length, or counted while reading when there is none (chunked);
 * - cross-origin posts (Next's CSRF check aborts them with a 500);
 * - server-action posts whose wire format (not their fields) is broken:
 *   React would fail to decode them. The fields are checked by the actions.
 *
 * Edge-safe: web APIs only (proxy.ts may run on the edge runtime).
 */

/** Next.js's own limit for server-action bodies; larger ones would end in a 500. */
export const MAX_POST_BYTES = 1024 * 1024;

export type PostRefusal = { status: 400 | 403 | 413; message: string };

const TOO_LARGE: PostRefusal = { status: 413, message: "Request too large." };

/**
 * The body, read at most once and never past `limit` bytes; "too-large" as
 * soon as it is longer, whatever Content-Length said (or did not say).
 */
export async function readBodyWithin(request: Request, limit: number = MAX_POST_BYTES): Promise<Uint8Array | "too-large"> {
  const declared = request.headers.get("content-length");
  if (declared !== null && !(Number(declared) <= limit)) return "too-large";
  const body = request.clone().body;
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      // Not awaited: cancelling one branch of a cloned body settles only once
      // the other branch (the request's own) is cancelled too.
      reader.cancel().catch(() => {});
      return "too-large";
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** Origin must name the host served (Next's own server-action CSRF rule). */
export function isCrossOrigin(headers: Headers): boolean {
  const origin = headers.get("origin");
  if (origin === null) return false;
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  let originHost: string | null = null;
  try {
    originHost = origin === "null" ? null : new URL(origin).host;
  } catch {
    originHost = null;
  }
  return !host || originHost !== host;
}

/** Every check above for one POST; null when Next.js may have it. */
export async function refuseBadPost(request: Request): Promise<PostRefusal | null> {
  if (request.method !== "POST") return null;
  const body = await readBodyWithin(request);
  if (body === "too-large") return TOO_LARGE;
  if (isCrossOrigin(request.headers)) return { status: 403, message: "Cross-origin form posts are not accepted." };
  const malformed = await serverActionProblem(request.headers, body);
  return malformed ? { status: 400, message: `Malformed form post: ${malformed}.` } : null;
}

/**
 * Why a server-action post cannot be decoded, or null. Checks only what
 * React decodes as its reply protocol: the parts that must be JSON are JSON,
 * every reference names a part that is there, a fetch action's arguments are
 * a list, and nothing claims binary data or streams (our forms send none, and
 * React throws on a reference to the wrong kind of part). Our pages' own
 * forms always pass.
 */
export async function serverActionProblem(headers: Headers, body: Uint8Array): Promise<string | null> {
  const isFetchAction = headers.has("next-action");
  const type = headers.get("content-type") ?? "";
  // Parts by prefix: "" for a fetch action, "$ACTION_<n>:" for a no-JS form.
  const parts = new Map<string, Map<string, string>>();
  const boundActions: string[] = [];
  try {
    if (type.startsWith("multipart/form-data")) {
      // Our own forms' posts take the quick scan; anything it does not
      // recognise is decoded in full, as before (the same verdicts).
      const form = scanMultipart(type, body) ?? (await new Response(body as BodyInit, { headers: { "content-type": type } }).formData());
      for (const [key, value] of form) {
        const ref = /^\$ACTION_REF_(\d+)$/.exec(key);
        if (ref) boundActions.push(`$ACTION_${ref[1]}:`);
        const mpa = /^(\$ACTION_\d+:)(\d+)$/.exec(key);
        const prefix = mpa ? mpa[1]! : isFetchAction && /^\d+$/.test(key) ? "" : null;
        if (prefix === null) continue;
        if (typeof value !== "string") return "a file in place of a protocol part";
        if (!parts.has(prefix)) parts.set(prefix, new Map());
        parts.get(prefix)!.set(mpa ? mpa[2]! : key, value);
      }
    } else if (isFetchAction) {
      parts.set("", new Map([["0", new TextDecoder().decode(body)]]));
    } else {
      return null;
    }
  } catch {
    return "not decodable as what it claims to be";
  }
  for (const [prefix, chunks] of parts) {
    const parsed = new Map<string, unknown>();
    for (const [id, text] of chunks) {
      try {
        parsed.set(id, JSON.parse(text));
      } catch {
        return "a protocol part is not JSON";
      }
    }
    for (const value of parsed.values()) {
      const problem = referenceProblem(value, chunks);
      if (problem) return problem;
    }
    if (prefix === "" && isFetchAction && !Array.isArray(parsed.get("0"))) return "the action's arguments are not a list";
  }
  // A no-JS form naming a bound action: its part 0 is {id, bound}, and the
  // bound arguments (if any) are a list in another part.
  for (const prefix of boundActions) {
    const chunks = parts.get(prefix);
    const meta = chunks?.has("0") ? (JSON.parse(chunks.get("0")!) as unknown) : undefined;
    if (!meta || typeof meta !== "object" || Array.isArray(meta) || typeof (meta as { id?: unknown }).id !== "string") {
      return "a form action without its reference";
    }
    const bound = (meta as { bound?: unknown }).bound;
    if (bound === null || bound === undefined) continue;
    const ref = typeof bound === "string" ? /^\$@([0-9a-f]+)$/.exec(bound) : null;
    const args = ref && chunks!.has(String(parseInt(ref[1]!, 16))) ? (JSON.parse(chunks!.get(String(parseInt(ref[1]!, 16)))!) as unknown) : null;
    if (!Array.isArray(args) || args.length > 1000) return "a form action's bound arguments are not a list";
  }
  return null;
}

const utf8 = new TextDecoder();
const PROTOCOL_NAME = /^(\$ACTION_|\d+$)/;
/** A part name as browsers write it for our fields: printable ASCII, nothing escaped. */
const PLAIN_DISPOSITION = /^content-disposition:[ \t]*form-data;[ \t]*name="([\x20-\x21\x23-\x24\x26-\x5b\x5d-\x7e]*)"[ \t]*$/i;

/**
 * The protocol parts (`$ACTION_…` and, for fetch actions, numbered ones) of
 * a multipart body, without building a FormData: a FormData decode of a
 * small form costs ~10× this scan, on every server-action post. Strict: the
 * body must be exactly what browsers send for text fields (a boundary at the
 * start, each part only a plain `name` and perhaps a Content-Type, no file,
 * no escaped or non-ASCII name, the closing boundary at the end). Anything
 * else is null, and the caller decodes it in full as before. Values are
 * decoded as UTF-8 as the full decoder does (TextDecoder, so a BOM goes too).
 */
export function scanMultipart(type: string, body: Uint8Array): [string, string][] | null {
  if (!/^multipart\/form-data[ \t]*;/i.test(type)) return null;
  const boundary = /;[ \t]*boundary=(?:"([\x20\x21\x23-\x5b\x5d-\x7e]{1,70})"|([\x21\x23-\x2b\x2d-\x3a\x3c-\x7e]{1,70}))[ \t]*(?:;|$)/i.exec(type);
  const delimiter = `--${boundary?.[1] ?? boundary?.[2] ?? ""}`;
  if (delimiter === "--") return null;
  // One UTF-16 unit per byte (windows-1252 is a single-byte decoding), so
  // indices in `text` are byte offsets in `body`.
  const text = typeof Buffer === "function" ? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("latin1") : new TextDecoder("windows-1252").decode(body);
  if (!text.startsWith(`${delimiter}\r\n`)) return null;
  const separator = `\r\n${delimiter}`;
  const parts: [string, string][] = [];
  let at = delimiter.length + 2;
  for (;;) {
    const headEnd = text.indexOf("\r\n\r\n", at);
    if (headEnd < 0) return null;
    let name: string | null = null;
    for (const line of text.slice(at, headEnd).split("\r\n")) {
      const disposition = PLAIN_DISPOSITION.exec(line);
      if (disposition && name === null) name = disposition[1]!;
      else if (!/^content-type:[^\r\n]*$/i.test(line)) return null;
    }
    if (name === null) return null;
    const valueStart = headEnd + 4;
    const valueEnd = text.indexOf(separator, valueStart);
    if (valueEnd < 0) return null;
    if (PROTOCOL_NAME.test(name)) parts.push([name, utf8.decode(body.subarray(valueStart, valueEnd))]);
    at = valueEnd + separator.length;
    if (text.startsWith("--", at)) {
      const rest = text.slice(at + 2);
      return rest === "" || rest === "\r\n" ? parts : null;
    }
    if (!text.startsWith("\r\n", at)) return null;
    at += 2;
  }
}

/** React's references to other parts ("$@1", "$Q2", "$3", …): the part must exist. */
const REFERENCE = /^\$([@QWi]?)([0-9a-f]+)(?::[^:]*)*$/;
/** "$" values that stand for themselves: an escaped "$…", FormData, a temporary reference, Date, BigInt, special numbers. */
const SELF_CONTAINED = /^\$(\$|K[0-9a-f]*$|T|D|n|Infinity$|-Infinity$|-0$|NaN$|undefined$)/;
/** Blobs, typed arrays, streams, server references: never in our forms' posts. */
const NOT_FROM_OUR_FORMS = /^\$[hAOoUSsLlGgMmVBRrXx]/;

export function referencesResolve(value: unknown, chunks: Map<string, string>): boolean {
  return referenceProblem(value, chunks) === null;
}

function referenceProblem(value: unknown, chunks: Map<string, string>, depth = 0): string | null {
  if (depth > 64) return "nested too deeply";
  if (typeof value === "string") {
    if (value.startsWith("$n")) return /^\$n-?\d{1,300}$/.test(value) ? null : "a BigInt over 300 digits"; // React throws past 300
    if (!value.startsWith("$") || SELF_CONTAINED.test(value)) return null;
    if (NOT_FROM_OUR_FORMS.test(value)) return "binary data, a stream or a server reference";
    const ref = REFERENCE.exec(value);
    // Anything else after a "$" React reads as a reference it cannot find.
    if (!ref) return "an unknown reference";
    return chunks.has(String(parseInt(ref[2]!, 16))) ? null : "a reference to a part that is not there";
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = referenceProblem(item, chunks, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const item of Object.values(value)) {
      const problem = referenceProblem(item, chunks, depth + 1);
      if (problem) return problem;
    }
  }
  return null;
}
