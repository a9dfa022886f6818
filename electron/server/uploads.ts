import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { UploadResult } from '../../shared/api/transport';
import { StudyError } from '../core/api';

/**
 * Files a person drops in the browser: each drop lands in its own folder of a per-run temporary
 * folder, keeping the relative paths (a dropped site-export folder stays a folder), so the import
 * can be given a path like any other. Names that would leave the folder are refused.
 */

export interface UploadLimits {
  /** One file. */
  fileBytes: number;
  /** Everything uploaded in this run. */
  totalBytes: number;
  /** Files in one drop. */
  filesPerUpload: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  fileBytes: 1024 ** 3,
  totalBytes: 4 * 1024 ** 3,
  filesPerUpload: 10_000,
};

const MAX_NAME_LENGTH = 1024;
const MAX_DEPTH = 16;
// Characters no file name may hold on one of the platforms the workstation runs on.
const FORBIDDEN_CHARACTERS = '<>:"|?*';
const forbidden = (segment: string) =>
  [...segment].some((c) => c.charCodeAt(0) < 0x20 || FORBIDDEN_CHARACTERS.includes(c));

/** The segments of a relative name as the browser sent it (`site-01/DM.csv`), or a refusal. */
export function safeRelativePath(name: string | null): string[] {
  if (!name) throw new StudyError('BAD_INPUT', 'upload: the file has no name');
  if (name.length > MAX_NAME_LENGTH) throw new StudyError('BAD_INPUT', 'upload: the file name is too long');
  if (/^[\\/]/.test(name) || /^[A-Za-z]:/.test(name))
    throw new StudyError('BAD_INPUT', `upload: ${name}: an absolute name is not allowed`);
  const segments = name.split(/[\\/]/);
  for (const segment of segments) {
    if (segment === '..' || segment === '.')
      throw new StudyError('BAD_INPUT', `upload: ${name}: "${segment}" is not allowed in a name`);
    if (segment === '') throw new StudyError('BAD_INPUT', `upload: ${name}: empty folder name`);
    if (forbidden(segment))
      throw new StudyError('BAD_INPUT', `upload: ${name}: the name holds a character files may not have`);
    if (segment.length > 255) throw new StudyError('BAD_INPUT', `upload: ${name}: a name part is too long`);
  }
  if (segments.length > MAX_DEPTH)
    throw new StudyError('BAD_INPUT', `upload: ${name}: folders nested too deep`);
  return segments;
}

export interface UploadStore {
  readonly root: string;
  receive(request: IncomingMessage, name: string | null, uploadId: string | null): Promise<UploadResult>;
  /** Removes everything uploaded in this run. */
  dispose(): void;
}

export function createUploadStore(root: string, limits: UploadLimits = DEFAULT_UPLOAD_LIMITS): UploadStore {
  fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  const uploads = new Map<string, { folder: string; files: number }>();
  let totalBytes = 0;

  return {
    root,
    async receive(request, name, uploadId) {
      const segments = safeRelativePath(name);
      let upload: { folder: string; files: number };
      let id: string;
      if (uploadId === null) {
        // Hex: one long token, never read as a YYYYMMDD export date in a name.
        id = randomBytes(9).toString('hex');
        upload = { folder: path.join(root, id), files: 0 };
        fs.mkdirSync(upload.folder, { mode: 0o700 });
        uploads.set(id, upload);
      } else {
        const known = uploads.get(uploadId);
        if (!known) throw new StudyError('NOT_FOUND', 'upload: no such upload in this run');
        id = uploadId;
        upload = known;
      }
      if (upload.files >= limits.filesPerUpload)
        throw new StudyError('BAD_INPUT', `upload: more than ${limits.filesPerUpload} files in one drop`);
      const declared = Number(request.headers['content-length'] ?? NaN);
      if (declared > limits.fileBytes)
        throw new StudyError('BAD_INPUT', `upload: ${name}: larger than ${limits.fileBytes} bytes`);
      if (totalBytes + (Number.isFinite(declared) ? declared : 0) > limits.totalBytes) {
        throw new StudyError(
          'BAD_INPUT',
          'upload: the total size of uploads in this run is over the limit; restart cdm serve',
        );
      }
      const target = path.join(upload.folder, ...segments);
      if (!target.startsWith(upload.folder + path.sep))
        throw new StudyError('BAD_INPUT', `upload: ${name}: not allowed`);
      if (fs.existsSync(target)) throw new StudyError('CONFLICT', `upload: ${name}: sent twice in one drop`);
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      const partial = `${target}.part-${randomBytes(4).toString('hex')}`;
      let bytes = 0;
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          if (bytes > limits.fileBytes)
            return done(
              new StudyError('BAD_INPUT', `upload: ${name}: larger than ${limits.fileBytes} bytes`),
            );
          if (totalBytes + bytes > limits.totalBytes) {
            return done(
              new StudyError(
                'BAD_INPUT',
                'upload: the total size of uploads in this run is over the limit; restart cdm serve',
              ),
            );
          }
          done(null, chunk);
        },
      });
      // Opened before any byte arrives and closed before it is renamed or removed: a stream that
      // opens its file itself may create it after a refused transfer has cleaned up.
      const file = fs.createWriteStream(partial, { fd: fs.openSync(partial, 'wx', 0o600) });
      const closed = () =>
        new Promise<void>((resolve) => (file.closed ? resolve() : file.once('close', () => resolve())));
      try {
        await pipeline(request, counter, file);
        await closed();
        fs.renameSync(partial, target);
      } catch (error) {
        file.destroy();
        await closed();
        fs.rmSync(partial, { force: true });
        if (error instanceof StudyError) throw error;
        throw new StudyError(
          'BAD_INPUT',
          `upload: ${name}: the transfer broke off (${(error as Error).message})`,
        );
      }
      totalBytes += bytes;
      upload.files++;
      return { upload: id, folder: upload.folder, path: target, bytes };
    },
    dispose() {
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
