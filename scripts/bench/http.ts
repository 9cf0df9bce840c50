/**
 * A browser without JavaScript, as far as the benchmark needs one: a cookie
 * jar, GETs, and form posts built from the page's own HTML — the hidden
 * `$ACTION_…` inputs React renders for progressive enhancement plus the
 * form's fields, sent as multipart/form-data like a browser submits a form
 * whose action is a server action. Redirects are not followed (the 303 is
 * the answer being timed).
 */
export type Fields = [name: string, value: string][];

export type Reply = { status: number; location: string | null; body: string; ms: number };

const USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36 magic-code-bench";

export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly origin: string,
    /** The client address the app sees (TRUSTED_IP_HEADER=x-real-ip in the bench server). */
    readonly ip: string,
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const h: Record<string, string> = { "user-agent": USER_AGENT, "x-real-ip": this.ip, accept: "text/html", ...extra };
    if (this.cookies.size) h.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    return h;
  }

  private keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async get(path: string, extra?: Record<string, string>): Promise<Reply> {
    const started = performance.now();
    const response = await fetch(new URL(path, this.origin), { headers: this.headers(extra), redirect: "manual" });
    const body = await response.text();
    const ms = performance.now() - started;
    this.keep(response);
    return { status: response.status, location: response.headers.get("location"), body, ms };
  }

  /** A POST with a ready-made body (JSON, urlencoded); cookies kept like any other answer. */
  async send(path: string, body: string, extra: Record<string, string>): Promise<Reply> {
    const started = performance.now();
    const response = await fetch(new URL(path, this.origin), {
      method: "POST",
      body,
      headers: this.headers({ origin: this.origin, referer: new URL(path, this.origin).toString(), ...extra }),
      redirect: "manual",
    });
    const text = await response.text();
    const ms = performance.now() - started;
    this.keep(response);
    return { status: response.status, location: response.headers.get("location"), body: text, ms };
  }

  /** Submits a form as a browser does: to `path` (the form's action is the page itself). */
  async post(path: string, fields: Fields, extra?: Record<string, string>): Promise<Reply> {
    const form = new FormData();
    for (const [name, value] of fields) form.append(name, value);
    const started = performance.now();
    const response = await fetch(new URL(path, this.origin), {
      method: "POST",
      body: form,
      headers: this.headers({ origin: this.origin, referer: new URL(path, this.origin).toString(), ...extra }),
      redirect: "manual",
    });
    const body = await response.text();
    const ms = performance.now() - started;
    this.keep(response);
    return { status: response.status, location: response.headers.get("location"), body, ms };
  }
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", "#39": "'", "#x27": "'" };

function unescapeHtml(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, entity: string) => {
    const known = ENTITIES[entity.toLowerCase()];
    if (known) return known;
    if (entity.startsWith("#x") || entity.startsWith("#X")) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith("#")) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return whole;
  });
}

function attribute(tag: string, name: string): string | null {
  const match = new RegExp(`\\s${name.replace(/[$]/g, "\\$")}(?:="([^"]*)"|='([^']*)'|(?=[\\s/>]))`, "i").exec(tag);
  if (!match) return null;
  return unescapeHtml(match[1] ?? match[2] ?? "");
}

/**
 * The fields a browser would submit for the first form on the page that has
 * an input named `marker`: every named input with its current value (hidden
 * `$ACTION_REF_…`, `$ACTION_…:n`, `$ACTION_KEY`, `$ACTION_ID_…` included).
 * Text inputs the caller fills are returned too, so it can replace them.
 */
export function formFields(html: string, marker: string): Fields {
  for (const [form] of html.matchAll(/<form\b[\s\S]*?<\/form>/gi)) {
    const inputs = [...form.matchAll(/<input\b[^>]*>/gi)].map(([tag]) => tag);
    if (!inputs.some((tag) => attribute(tag, "name") === marker)) continue;
    const fields: Fields = [];
    for (const tag of inputs) {
      const name = attribute(tag, "name");
      if (name === null || attribute(tag, "disabled") !== null) continue;
      fields.push([name, attribute(tag, "value") ?? ""]);
    }
    return fields;
  }
  throw new Error(`no form with an input named "${marker}" on the page`);
}

/** `fields` with `name` set to `value` (added when the form has no such input). */
export function withField(fields: Fields, name: string, value: string): Fields {
  const out: Fields = fields.map(([n, v]) => [n, n === name ? value : v]);
  if (!out.some(([n]) => n === name)) out.push([name, value]);
  return out;
}

/**
 * Script URLs a modern browser loads for the page (`<script src>` without
 * `nomodule`, `<link rel=preload as=script>`), and the inline scripts.
 */
export function scriptSources(html: string): { external: string[]; inline: string[] } {
  const external = new Set<string>();
  const inline: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const tag = `<script${match[1]}>`;
    const src = attribute(tag, "src");
    // noModule scripts (legacy polyfills) are skipped by every browser that runs modules.
    if (src && attribute(tag, "nomodule") === null) external.add(src);
    else if (!src && match[2]!.trim()) inline.push(match[2]!);
  }
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = attribute(tag, "rel") ?? "";
    const as = attribute(tag, "as");
    const href = attribute(tag, "href");
    if (href && (rel === "modulepreload" || (rel === "preload" && as === "script"))) external.add(href);
  }
  return { external: [...external], inline };
}
