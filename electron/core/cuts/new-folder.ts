import fs from 'node:fs';
import path from 'node:path';
import { badInput } from '../common/errors';

/** A new or empty folder under an existing one, for a snapshot or an export; returns it absolute. */
export function checkNewFolder(dir: string, what: 'snapshot' | 'export'): string {
  const absolute = path.resolve(dir);
  if (
    fs.existsSync(absolute) &&
    (!fs.statSync(absolute).isDirectory() || fs.readdirSync(absolute).length > 0)
  )
    throw badInput(`${dir}: the ${what} folder must be new or empty`);
  const parent = path.dirname(absolute);
  if (!fs.existsSync(parent)) throw badInput(`${dir}: folder ${parent} does not exist`);
  return absolute;
}
