import type { CliIo, OutputStream } from '../../src/io.js';
import { run } from '../../src/run.js';

/** A CliIo that records what is written, simulates Ctrl-C, and records exit() calls instead of exiting. */
export class FakeIo implements CliIo {
  out = '';
  err = '';
  readonly exits: number[] = [];
  readonly env: Record<string, string | undefined> = {};
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  private readonly handlers = new Set<() => void>();
  /** Called after every write with the text written so far on that stream. */
  onWrite: ((stream: 'out' | 'err', text: string) => void) | undefined;

  constructor(options: { tty?: boolean; env?: Record<string, string> } = {}) {
    this.stdout = { write: (s: string) => this.append('out', s), isTTY: false };
    this.stderr = { write: (s: string) => this.append('err', s), isTTY: options.tty === true, columns: 120 };
    Object.assign(this.env, options.env);
  }

  onInterrupt(handler: () => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Presses Ctrl-C. */
  interrupt(): void {
    for (const h of [...this.handlers]) h();
  }

  get listening(): number {
    return this.handlers.size;
  }

  exit(code: number): void {
    this.exits.push(code);
  }

  private append(stream: 'out' | 'err', s: string): boolean {
    if (stream === 'out') this.out += s;
    else this.err += s;
    this.onWrite?.(stream, stream === 'out' ? this.out : this.err);
    return true;
  }
}

/** Runs `vaekit ...argv` in-process; returns the exit code and what was written. */
export async function vaekit(argv: string[], io = new FakeIo()): Promise<{ code: number; out: string; err: string; io: FakeIo }> {
  const code = await run(argv, io);
  return { code, out: io.out, err: io.err, io };
}
