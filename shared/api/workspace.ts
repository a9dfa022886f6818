import { z } from 'zod';
import { lazySchema } from './lazy-schema';

/**
 * The workspace: which study database a door (Electron window, browser mode) has open. The core's
 * StudyApi serves one study; the workspace swaps it. These methods are answered by the door itself,
 * never by the core.
 */

export const workspaceModeSchema = lazySchema(() => z.enum(['desktop', 'browser']));
export type WorkspaceMode = z.infer<typeof workspaceModeSchema>;

export const workspaceStateSchema = lazySchema(() =>
  z.object({
    mode: workspaceModeSchema,
    /** The open study database file, or null when none is open. */
    file: z.string().nullable(),
    /** Code and name of the open study (null when none is open). */
    study: z.object({ code: z.string(), name: z.string() }).nullable(),
    /** Whether workspace.open / workspace.create may be called in this door. */
    canSwitch: z.boolean(),
    /**
     * Browser mode: a folder beside the study where files the server writes (query lists, snapshots)
     * can go; they are then fetched through the download path. Null in the desktop app (it asks with a dialog).
     */
    outputDir: z.string().nullable(),
  }),
);
export type WorkspaceState = z.infer<typeof workspaceStateSchema>;

/** `file` omitted: the desktop app asks with an Open dialog; browser mode refuses (type a path). */
export const openWorkspaceRequestSchema = lazySchema(() =>
  z.object({ file: z.string().min(1).optional() }).strict(),
);

/**
 * `file` omitted: the desktop app asks with a Save dialog. `studyFile`: a study definition (JSON);
 * default: the one shipped with the workstation.
 */
export const createWorkspaceRequestSchema = lazySchema(() =>
  z.object({ file: z.string().min(1).optional(), studyFile: z.string().min(1).optional() }).strict(),
);

/** The workspace after open/create; `cancelled`: the person closed the dialog, nothing changed. */
export const workspaceChangeSchema = lazySchema(() =>
  workspaceStateSchema.extend({ cancelled: z.boolean() }),
);
export type WorkspaceChange = z.infer<typeof workspaceChangeSchema>;

export const recentStudySchema = lazySchema(() =>
  z.object({
    file: z.string(),
    code: z.string().nullable(),
    name: z.string().nullable(),
    openedAt: z.string(),
    /** False when the file is no longer there. */
    exists: z.boolean(),
  }),
);
export type RecentStudy = z.infer<typeof recentStudySchema>;

/**
 * What a step of a long call is doing, as a key and named values, for a window to word in its
 * language (`progress.<key>` of its translations); `message` is the same in English.
 */
export const PROGRESS_KEYS = [
  'reading',
  'standardising',
  'comparing',
  'writingSite',
  'coding',
  'siteExport',
  'writingSnapshot',
  'writingForm',
] as const;
export interface ProgressNote {
  key: (typeof PROGRESS_KEYS)[number];
  values?: Record<string, string | number>;
}

/** Progress of a long call (import, check run, lock), from the worker that runs it. */
export interface ProgressEvent {
  /** Which call: unique per door and run. */
  callId: number;
  method: string;
  message: string;
  note?: ProgressNote;
  /** When the message says `[n/m]`: n and m, for a progress bar. */
  done?: number;
  total?: number;
}

/** What a desktop menu asks of the window (the window decides which screen answers it). */
export const menuCommands = ['import', 'export-queries', 'run-checks', 'lock', 'unlock'] as const;
export type MenuCommand = (typeof menuCommands)[number];

/** Events from the desktop shell to the window: a menu command, or another study opened. */
export type DesktopEvent =
  | { type: 'menu'; command: MenuCommand }
  | { type: 'workspace'; state: WorkspaceState }
  /** Team mode: another person changed the open study (the window reloads what it shows). */
  | { type: 'changed'; by: string };
