// Starting real mobilecs processes for the browser tests, on free ports, in folders of their own.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const binary = process.env.MOBILECS_BINARY ?? '../../build/src/app/mobilecs';

// The token the tests' servers accept (MOBILECS_API_TOKEN), every scope.
export const TOKEN = 'e2e-test-token-0123456789';

export function mobilecs(args: string[]): string {
  return execFileSync(binary, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export class Mobilecs {
  private made: string | null = null;
  process: ChildProcess | null = null;
  port = 0;
  stdout = '';

  // Made on first use: Playwright loads a spec file in processes that never run its hooks, and
  // a folder made there would never be removed.
  get dir() {
    this.made ??= mkdtempSync(join(tmpdir(), 'mobilecs-console-'));
    return this.made;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  // `token`: whether the server is given TOKEN (without, `run --http` makes the data folder's).
  async start(args: (port: number) => string[], { token = true } = {}) {
    this.port = await freePort();
    const env = { ...process.env };
    if (token) env.MOBILECS_API_TOKEN = TOKEN;
    else delete env.MOBILECS_API_TOKEN;
    this.process = spawn(binary, args(this.port), { stdio: ['ignore', 'pipe', 'inherit'], env });
    this.process.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    await waitFor('the HTTP API', async () => ((await fetch(`${this.url}/health`)).ok ? true : undefined));
  }

  // A REST call with the tests' token.
  api(path: string, init: RequestInit = {}) {
    return fetch(`${this.url}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${TOKEN}`, ...init.headers },
    });
  }

  // The console's address for a first visit: the token in it, then `hash` (#/usage?...).
  page(hash = '') {
    return `${this.url}/?token=${TOKEN}${hash}`;
  }

  async stop() {
    if (this.process && this.process.exitCode === null) {
      this.process.kill('SIGTERM');
      await new Promise((r) => this.process!.once('exit', r));
    }
    if (this.made) rmSync(this.made, { recursive: true, force: true });
  }

  // Writes `text` under a temporary name and renames it in, as producers do.
  drop(folder: string, name: string, text: string) {
    const tmp = join(folder, `tmp_${name}`);
    writeFileSync(tmp, text);
    renameSync(tmp, join(folder, name));
  }
}

// A real Prometheus (Debian's package) scraping a mobilecs server every second with the project's
// alert rules (deploy/prometheus/mobilecs-rules.yml), evaluated every second.
export class Prometheus {
  private process: ChildProcess | null = null;
  port = 0;

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async reserve() {
    this.port = await freePort();
  }

  async start(dir: string, job: string, target: string) {
    const rules = fileURLToPath(new URL('../../../deploy/prometheus/mobilecs-rules.yml', import.meta.url));
    const config = join(dir, 'prometheus.yml');
    writeFileSync(
      config,
      [
        'global: {scrape_interval: 1s, evaluation_interval: 1s}',
        `rule_files: ["${rules}"]`,
        'scrape_configs:',
        `  - job_name: ${job}`,
        `    authorization: {credentials: ${TOKEN}}`,
        `    static_configs: [{targets: ["${target}"]}]`,
        '',
      ].join('\n'),
    );
    this.process = spawn(
      process.env.PROMETHEUS_BINARY ?? '/usr/bin/prometheus',
      [
        `--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`,
        `--web.listen-address=127.0.0.1:${this.port}`, '--log.level=warn',
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    // Prometheus starts scraping a few seconds after it is ready: a change made before its first
    // scrape would be its baseline, and no counter would be seen to increase.
    const up = `${this.url}/api/v1/query?query=${encodeURIComponent(`up{job="${job}"} == 1`)}`;
    await waitFor(`Prometheus's first scrape of ${target}`, async () => {
      const answer = await (await fetch(up)).json();
      return answer.data?.result?.length > 0 ? true : undefined;
    });
  }

  async stop() {
    if (this.process && this.process.exitCode === null) {
      this.process.kill('SIGTERM');
      await new Promise((r) => this.process!.once('exit', r));
    }
  }
}
