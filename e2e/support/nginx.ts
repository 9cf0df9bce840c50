// nginx in front of `next start` instances on loopback, for the scale test:
// the same proxy block as deploy/nginx.conf (compose), generated with this
// run's ports, run as our own process (never the system service) and stopped
// by its own pid.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export type Balancer = {
  url: string;
  /** nginx's error log so far (for failure messages). */
  errors(): string;
  stop(): Promise<void>;
};

/** The nginx binary, or null when it is not installed (.ci/run installs it). */
export function findNginx(): string | null {
  for (const candidate of ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"]) if (existsSync(candidate)) return candidate;
  const which = spawnSync("sh", ["-c", "command -v nginx"], { encoding: "utf8" });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : null;
}

/**
 * The config: round-robin (nginx's default) over the upstream ports, the
 * client IP in X-Real-IP (the header the app trusts, TRUSTED_IP_HEADER),
 * X-Forwarded-Proto, and the Host with its port (server actions compare
 * Origin with it). X-Upstream says which instance answered.
 *
 * `clientIpHeader` stands for a trusted hop in front of nginx (a CDN): from
 * loopback only, nginx takes the client address from that header (realip
 * module), so a load test can be many clients. A client-sent X-Real-IP is
 * always overwritten.
 */
export function nginxConfig(options: { dir: string; port: number; upstreams: number[]; clientIpHeader?: string }): string {
  const { dir } = options;
  const servers = options.upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=2 fail_timeout=5s;`).join("\n");
  const realIp = options.clientIpHeader ? `    set_real_ip_from 127.0.0.1;\n    real_ip_header ${options.clientIpHeader};\n` : "";
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }

http {
  access_log off;
  server_tokens off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;

  upstream magic_code {
${servers}
    keepalive 32;
    # Below Node's 5 s keep-alive: nginx must never reuse a connection the app
    # is closing (a form post on it would fail with a 502; posts are not retried).
    keepalive_timeout 4s;
  }

  server {
    listen 127.0.0.1:${options.port};
    client_max_body_size 1m;
${realIp}
    location / {
      proxy_pass http://magic_code;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Real-IP $remote_addr;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_next_upstream error timeout http_502 http_503;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`;
}

export async function startNginx(options: { port: number; upstreams: number[]; clientIpHeader?: string; readyTimeoutMs?: number }): Promise<Balancer> {
  const binary = findNginx();
  if (!binary) throw new Error("nginx is not installed (apt-get install -y nginx)");
  const dir = mkdtempSync(path.join(tmpdir(), "magic-code-nginx-"));
  // Workers may run as another user (nobody) when we are root: let them write.
  chmodSync(dir, 0o777);
  for (const sub of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(path.join(dir, sub), { mode: 0o777 });
  const conf = path.join(dir, "nginx.conf");
  writeFileSync(conf, nginxConfig({ dir, ...options }));
  const check = spawnSync(binary, ["-t", "-q", "-p", dir, "-c", conf], { encoding: "utf8" });
  if (check.status !== 0) throw new Error(`nginx config rejected:\n${check.stderr}`);

  const child: ChildProcess = spawn(binary, ["-p", dir, "-c", conf, "-g", "daemon off;"], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.on("exit", () => ((exited = true), resolve())));
  const errors = () => stderr + (existsSync(path.join(dir, "error.log")) ? readFileSync(path.join(dir, "error.log"), "utf8") : "");
  const url = `http://127.0.0.1:${options.port}`;
  const balancer: Balancer = {
    url,
    errors,
    async stop() {
      if (!exited) {
        child.kill("SIGQUIT"); // graceful: finish what is in flight
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exit;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 10_000);
  for (;;) {
    if (exited) throw new Error(`nginx exited:\n${errors()}`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(3000) });
      if (response.status === 200) return balancer;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) {
      await balancer.stop();
      throw new Error(`nginx on ${options.port} not ready:\n${errors()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
