import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createUploadStore } from '../../electron/server/uploads';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cdm-upload-refused-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** A body sent without its length (chunked), as a browser streams a large file. */
const body = (bytes: number) =>
  Object.assign(Readable.from([Buffer.alloc(bytes, 0x41)]), { headers: {} }) as unknown as IncomingMessage;

describe('an upload refused for its size', () => {
  it('leaves no part of the file behind once the refusal is answered, however fast it comes', async () => {
    const store = createUploadStore(root, { fileBytes: 16, totalBytes: 1024 ** 2, filesPerUpload: 1000 });
    const first = await store.receive(body(4), 'S01/DM.csv', null);
    // A stream that opened its file itself could create it after the refusal had cleaned up
    // (one time in six on this machine): each refusal must find the folder as it left it.
    for (let i = 0; i < 200; i++) {
      await expect(store.receive(body(17), `S01/big-${i}.csv`, first.upload)).rejects.toThrow(
        /larger than 16 bytes/,
      );
      expect(fs.readdirSync(path.dirname(first.path))).toEqual(['DM.csv']);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fs.readdirSync(path.dirname(first.path))).toEqual(['DM.csv']);
    store.dispose();
  });
});
