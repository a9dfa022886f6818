import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateBenchStudy } from '../../bench/bench-study';
import { tempDir } from '../helpers/study-builder';

/**
 * The benchmark's peer (a plain pandas script doing the checks' job) must keep reading what the
 * generator writes: it once stopped at the first UTF-16 file, and `npm run bench` with it. Debian's
 * python3-pandas is what it needs (`.ci/run` installs it); without it this test says so and skips.
 */
const PYTHON = '/usr/bin/python3';
const hasPandas = spawnSync(PYTHON, ['-c', 'import pandas'], { encoding: 'utf8' }).status === 0;

describe('the benchmark’s pandas peer', () => {
  it.skipIf(!hasPandas)(
    `reads every site layout the generator writes and finds most planted errors${hasPandas ? '' : ` (skipped: no pandas for ${PYTHON}; apt-get install -y python3-pandas)`}`,
    { timeout: 120_000 },
    async () => {
      const dir = path.join(tempDir(), 'study');
      const study = await generateBenchStudy(dir, 300, 12, 7);
      const encodings = new Set(Object.values(study.siteFormats).map((f) => f.encoding ?? f.container));
      expect([...encodings].sort()).toEqual(['cp949', 'utf16le', 'utf8', 'utf8-bom', 'xlsx']);
      const run = spawnSync(
        PYTHON,
        [
          'bench/peer/checks_peer.py',
          'resources/study/pomalidomide-pms.json',
          path.join(dir, 'round-3'),
          path.join(dir, 'answer-key.json'),
        ],
        { encoding: 'utf8' },
      );
      expect(run.status, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
        rows: number;
        recall: Record<string, number>;
      };
      expect(result.rows).toBeGreaterThan(10_000);
      const recall = Object.values(result.recall);
      expect(recall.length).toBeGreaterThan(30);
      expect(recall.reduce((sum, r) => sum + r, 0) / recall.length).toBeGreaterThan(0.8);
    },
  );
});
