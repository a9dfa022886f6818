import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SourceSystem {
  name: string;
  version: string;
}

/** This program's name and version (the nearest package.json up that names one), for the files it writes. */
function findSourceSystem(from: string): SourceSystem {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      const json = JSON.parse(fs.readFileSync(candidate, 'utf8')) as Partial<SourceSystem>;
      if (json.name && json.version) return { name: json.name, version: json.version };
    }
    if (path.dirname(dir) === dir) throw new Error(`no package.json with a name and version above ${from}`);
  }
}

let cached: SourceSystem | undefined;

export function sourceSystem(): SourceSystem {
  cached ??= findSourceSystem(path.dirname(fileURLToPath(import.meta.url)));
  return cached;
}
