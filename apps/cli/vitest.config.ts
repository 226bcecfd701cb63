import { defineProject } from 'vitest/config';
import { packageTestConfig } from '../../vitest.shared.js';

const shared = packageTestConfig('cli');

// test/global-setup.ts builds dist/main.js when src is newer: the process tests run the real binary
export default defineProject({ ...shared, test: { ...shared.test, globalSetup: ['test/global-setup.ts'] } });
