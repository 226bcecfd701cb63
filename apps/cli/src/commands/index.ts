import type { CliCommand } from './command.js';
import { evaluateCommand } from './evaluate.js';
import { exportCommand } from './export.js';
import { serveCommand } from './serve.js';
import { simulateCommand } from './simulate.js';
import { trainCommand } from './train.js';

/** Every `vaekit` command, in the order `--help` lists them. */
export const commands: readonly CliCommand[] = [trainCommand, evaluateCommand, exportCommand, serveCommand, simulateCommand];
