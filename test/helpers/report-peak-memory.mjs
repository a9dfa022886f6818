// Loaded with `node --import` where GNU time is missing: the child writes its own peak resident
// memory (bytes) to CDM_PEAK_MEMORY_FILE as it exits (see run-cli.ts).
import { writeFileSync } from 'node:fs';
import process from 'node:process';

process.on('exit', () => {
  const file = process.env.CDM_PEAK_MEMORY_FILE;
  if (file) writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
});
