#!/usr/bin/env node
// The command line of the workstation (npm run -s cli -- <command>). TypeScript runs through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli/main.ts');
