import { defineProject } from 'vitest/config';
import { packageTestConfig } from '../../vitest.shared.js';

const base = packageTestConfig('demo');

// globalSetup trains and exports the small model the route and end-to-end tests serve, and
// installs Debian's chromium for the browser tests when it is missing.
export default defineProject({ ...base, test: { ...base.test, globalSetup: ['test/global-setup.ts'], hookTimeout: 180_000 } });
