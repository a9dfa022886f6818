import type { FormCounts } from '../../../shared/api/imports';
import type { GeneratedDictionaries } from '../coding/write-dictionaries';
import type { SiteFormat } from '../site-formats';

/** manifest.json of a generated study: what was written where, and what an import of each export should report. */

export interface GeneratedSiteExport {
  siteId: string;
  /** The folder or workbook of the export, relative to the output folder (e.g. round-1/S01_20190111). */
  path: string;
  /** The expected standardised records, relative to the output folder. */
  expected: string;
  subjects: number;
  /** Per form: rows, and new / changed / deleted records against the site's previous export (an import preview). */
  forms: Record<string, FormCounts>;
}

export interface GeneratedRound {
  name: string;
  exportDate: string;
  /** Rows per form over all site exports of the round. */
  counts: Record<string, number>;
  exports: GeneratedSiteExport[];
}

export interface GeneratedStudyManifest {
  seed: number;
  subjects: number;
  sites: number;
  study: string;
  rounds: GeneratedRound[];
  siteFormats: Record<string, SiteFormat>;
  /** The synthetic MedDRA and WHODrug releases written beside the exports, and coding-key.json. */
  dictionaries?: GeneratedDictionaries;
  /** Present when errors were planted (`generate --inject`). */
  inject?: {
    /** The delivery that holds them (the last). */
    round: string;
    perCheck: number;
    /** Plants made per check (fewer than perCheck where the study has too few records that fit). */
    planted: Record<string, number>;
    /** Where each plant is: answer-key.json, relative to the output folder. */
    answerKey: string;
  };
}
