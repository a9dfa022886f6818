import os from 'node:os';
import path from 'node:path';

/**
 * Browser mode keeps what a person drops in a temporary folder of its own (uploads.ts); the core
 * sees, stores and reports those paths. The person never should: in what the server answers (API
 * results, error messages, progress) a path inside an upload is shown as what was dropped
 * (`S01_20190111/DM.csv`), and an upload's folder itself as "the uploaded files". Uploads of
 * earlier runs (in the history) are recognised by the folder name every run uses.
 */
export const UPLOADS_PREFIX = 'cdm-uploads-';
const UPLOADED = 'the uploaded files';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SEPARATOR = '[\\\\/]';
const NAME = '[^\\\\/\\s"\',;:]+';

/** Hides the upload folders under `uploadDir` (this run's) and under the system's temporary folder (any run's). */
export function uploadPathHider(uploadDir: string): <T>(value: T) => T {
  const roots = [escape(path.resolve(uploadDir)), `${escape(path.join(os.tmpdir(), UPLOADS_PREFIX))}${NAME}`];
  const pattern = new RegExp(`(?:${roots.join('|')})${SEPARATOR}${NAME}(${SEPARATOR})?`, 'g');
  const hideText = (text: string) =>
    text.replace(pattern, (_match, separator: string | undefined) => (separator ? '' : UPLOADED));
  const markers = [path.resolve(uploadDir), UPLOADS_PREFIX];
  const hide = (value: unknown): unknown => {
    if (typeof value === 'string') return markers.some((m) => value.includes(m)) ? hideText(value) : value;
    if (Array.isArray(value)) return value.map(hide);
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hide(v)]));
    return value;
  };
  return <T>(value: T) => hide(value) as T;
}
