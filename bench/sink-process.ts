/** The parent side of bench/sink.ts: forks it, and asks it for counts over IPC. */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface SinkCounts {
  events: number;
  requests: number;
  bytes: number;
}

export class SinkProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static async start(): Promise<SinkProcess> {
    const path = fileURLToPath(new URL('sink.ts', import.meta.url));
    const child = fork(path, [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('message', (m: { type: string; port: number }) => resolve(m.port));
    });
    return new SinkProcess(child, port);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  #ask<T>(type: string): Promise<T> {
    return new Promise((resolve) => {
      const onMessage = (m: T & { type: string }) => {
        if (m.type !== type) return;
        this.child.off('message', onMessage);
        resolve(m);
      };
      this.child.on('message', onMessage);
      this.child.send({ type });
    });
  }

  counts(): Promise<SinkCounts> {
    return this.#ask<SinkCounts>('counts');
  }

  async reset(): Promise<void> {
    await this.#ask('reset');
  }

  /** Resolves once the sink has counted `events`, or has stopped counting for `quietMs`. */
  async waitFor(events: number, quietMs = 500): Promise<SinkCounts> {
    let last = await this.counts();
    let lastChange = Date.now();
    while (last.events < events && Date.now() - lastChange < quietMs) {
      await new Promise((resolve) => setTimeout(resolve, 2));
      const now = await this.counts();
      if (now.events !== last.events) lastChange = Date.now();
      last = now;
    }
    return last;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve());
      this.child.send({ type: 'stop' });
    });
  }
}
