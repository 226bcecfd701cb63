// The command line itself: --help everywhere, --version, and every malformed command line → one message, exit code 2.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../src/program.js';
import { FakeIo, vaekit } from './helpers/fake-io.js';

/** Every command path of the program (['train'], ['train', 'omics'], …), from the registered command list. */
function commandPaths(): string[][] {
  const paths: string[][] = [];
  const walk = (c: Command, prefix: string[]): void => {
    for (const sub of c.commands) {
      const path = [...prefix, sub.name()];
      paths.push(path);
      walk(sub, path);
    }
  };
  walk(createProgram(new FakeIo(), { exitCode: 0 }), []);
  return paths;
}

describe('help and version', () => {
  const paths = commandPaths();

  it('registers train omics, evaluate, export, serve and simulate omics', () => {
    expect(paths.map((p) => p.join(' '))).toEqual(expect.arrayContaining(['train', 'train omics', 'evaluate', 'export', 'serve', 'simulate', 'simulate omics']));
  });

  it.each(paths.map((p) => [p.join(' '), p]))('vaekit %s --help prints its usage and exits 0', async (_, path) => {
    const { code, out, err } = await vaekit([...(path as string[]), '--help']);
    expect(code).toBe(0);
    expect(out).toContain(`Usage: vaekit ${(path as string[]).join(' ')}`);
    expect(err).toBe('');
  });

  it('vaekit --help lists the commands', async () => {
    const { code, out } = await vaekit(['--help']);
    expect(code).toBe(0);
    for (const name of ['train', 'evaluate', 'export', 'serve', 'simulate']) expect(out).toMatch(new RegExp(`^  ${name} `, 'm'));
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const { code, out } = await vaekit(['--version']);
    expect(code).toBe(0);
    expect(out.trim()).toBe(pkg.version);
  });

  it('no command, or a domain missing, prints the help on stderr and exits 2', async () => {
    for (const argv of [[], ['train']]) {
      const { code, err } = await vaekit(argv);
      expect(code).toBe(2);
      expect(err).toContain('Usage: vaekit');
    }
  });
});

describe('malformed command lines exit 2 with one message and no stack trace', () => {
  const train = ['train', 'omics', '--data', 'x.h5ad', '--out', 'run'];
  const cases: [string, string[], RegExp][] = [
    ['unknown command', ['fit'], /unknown command 'fit'/],
    ['unknown option', [...train, '--epoch', '3'], /unknown option '--epoch'/],
    ['missing --out', ['train', 'omics', '--data', 'x.h5ad'], /required option '--out <dir>' not specified/],
    ['missing --data (and no --resume)', ['train', 'omics', '--out', 'run'], /required option '--data <path>' not specified/],
    ['zero --clip-norm', [...train, '--clip-norm', '0'], /'--clip-norm <n>' argument '0' is invalid\. Expected a number > 0/],
    ['non-numeric --epochs', [...train, '--epochs', 'ten'], /'--epochs <n>' argument 'ten' is invalid\. Expected a number/],
    ['zero --epochs', [...train, '--epochs', '0'], /'--epochs <n>' argument '0' is invalid\. Expected an integer >= 1/],
    ['fractional --latent', [...train, '--latent', '2.5'], /'--latent <n>' argument '2\.5' is invalid\. Expected an integer >= 1/],
    ['negative --lr', [...train, '--lr', '-0.1'], /'--lr <rate>' argument '-0\.1' is invalid\. Expected a number > 0/],
    ['--validation of 1', [...train, '--validation', '1'], /'--validation <fraction>' argument '1' is invalid\. Expected a fraction in \[0, 1\)/],
    ['bad --hidden list', [...train, '--hidden', '128,,64'], /'--hidden <sizes>' argument '128,,64' is invalid\. Expected comma-separated integers/],
    ['unknown --likelihood', [...train, '--likelihood', 'gaussian'], /Allowed choices are nb, zinb, poisson/],
    ['unknown --dispersion', [...train, '--dispersion', 'cell'], /Allowed choices are gene, gene-batch, gene-cell/],
    ['--early-stopping 0', [...train, '--early-stopping', '0'], /'--early-stopping \[patience\]' argument '0' is invalid/],
    ['evaluate --out of another type', ['evaluate', '--model', 'm', '--data', 'x.h5ad', '--out', 'z.txt'], /Expected a file ending in \.h5ad, \.csv/],
    ['simulate to a non-.h5ad', ['simulate', 'omics', '--out', 'cells.csv'], /Expected a file ending in \.h5ad/],
    ['--resume with --force', [...train, '--resume', '--force'], /--resume and --force contradict each other/],
    ['gene-batch dispersion without a batch key', [...train, '--dispersion', 'gene-batch'], /--dispersion gene-batch needs --batch-key/],
    ['early stopping without validation cells', [...train, '--early-stopping', '--validation', '0'], /--early-stopping needs validation cells/],
    ['an unknown --format', [...train, '--format', 'loom'], /--format "loom" is not a format vaekit reads/],
  ];

  it.each(cases)('%s', async (_, argv, message) => {
    const { code, out, err } = await vaekit(argv);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err).not.toMatch(/\n\s+at /); // no stack trace
    expect(out).toBe('');
  });

  it('--format lists the formats there are', async () => {
    const { err } = await vaekit([...train, '--format', 'loom']);
    expect(err).toMatch(/hint: formats: 10x-h5 — .*10x-mtx — .*csv — .*h5ad — /);
  });
});
