import { defineProject } from 'vitest/config';
import { packageTestConfig } from '../../vitest.shared.js';

export default defineProject(packageTestConfig('sequential'));
