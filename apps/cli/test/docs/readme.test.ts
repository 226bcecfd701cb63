// The README's walk-through must run as written: every `vaekit` line of its first block of commands.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/data.js';
import { FakeIo, vaekit } from '../helpers/fake-io.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const block = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.includes('vaekit train'));
const commands = (block ?? '').trim().split('\n').map((line) => line.trim().split(/\s+/));
const shownTable = /`evaluate` prints:\n\n```\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

let dir: string;
let cleanup: () => Promise<void>;
const cwd = process.cwd();
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('vaekit-readme-'));
  process.chdir(dir);
});
afterAll(async () => {
  process.chdir(cwd);
  await cleanup();
});

describe('README walk-through', () => {
  it('has one block of vaekit commands: simulate, train, evaluate, export, serve', () => {
    expect(commands.map((c) => `${c[0]} ${c[1]}`)).toEqual(['vaekit simulate', 'vaekit train', 'vaekit evaluate', 'vaekit export', 'vaekit serve']);
  });

  it('runs every command as written (serve on a free port, stopped with Ctrl-C)', async () => {
    let table = '';
    for (const [, ...argv] of commands) {
      if (argv[0] === 'serve') {
        const io = new FakeIo();
        let served = '';
        let listed: string[] = [];
        io.onWrite = (stream, text) => {
          const url = stream === 'out' ? /vaekit demo: (\S+)/.exec(text)?.[1] : undefined;
          if (url && !served) {
            served = url;
            void fetch(`${url}api/models`)
              .then((r) => r.json() as Promise<{ models: { name: string }[] }>)
              .then((body) => {
                listed = body.models.map((m) => m.name);
              })
              .finally(() => io.interrupt());
          }
        };
        const r = await vaekit([...argv, '--port', '0'], io);
        expect(r.code, r.err).toBe(0);
        expect(served).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
        expect(listed).toEqual(['cells']);
        continue;
      }
      const r = await vaekit(argv);
      expect(r.code, `vaekit ${argv.join(' ')}\n${r.err}`).toBe(0);
      if (argv[0] === 'evaluate') table = r.out;
    }
    // the simulated cell types are well separated: the latent space must find them
    expect(Number(/k-means ARI \(cell_type, k = 4\) +([\d.]+)/.exec(table)?.[1])).toBeGreaterThan(0.9);
    // the table the README shows has the rows the command prints
    const labels = (text: string) => text.trim().split('\n').map((l) => l.split(/ {2,}/)[0]);
    expect(labels(table)).toEqual(labels(shownTable));
    expect(readFileSync(join(dir, 'models', 'cells', 'manifest.json'), 'utf8')).toMatch(/"name": "cells"/);
  });
});
