#!/usr/bin/env node
/**
 * vaekit benchmarks: `node tools/bench/run.mjs <suite> [--epochs n] [--quick]` (or `npm run bench -- <suite>`,
 * which builds @vaekit/core first). Each suite writes tools/bench/results/<suite>.json and .md.
 */
import { parseArgs } from 'node:util';
import { suites } from './src/suites/index.mjs';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    epochs: { type: 'string' },
    quick: { type: 'boolean', default: false },
    variants: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
const name = positionals[0];
if (values.help || !name || !(name in suites)) {
  const known = Object.keys(suites).join(', ');
  process.stderr.write(`usage: node tools/bench/run.mjs <suite> [--epochs n] [--quick] [--variants a,b]\nsuites: ${known}\n`);
  process.exit(values.help ? 0 : 2);
}
const epochs = values.epochs === undefined ? undefined : Number(values.epochs);
if (epochs !== undefined && !(Number.isInteger(epochs) && epochs > 0)) {
  process.stderr.write(`--epochs must be a positive integer, got ${values.epochs}\n`);
  process.exit(2);
}
const suite = await suites[name]();
await suite.run({ epochs, quick: values.quick, variants: values.variants?.split(',') });
