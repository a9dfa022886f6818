import fs from 'node:fs';
import path from 'node:path';
import { displayLocation, isServerLocation } from '../../shared/study-location';
import {
  isWorkspaceMethod,
  type ApiMethod,
  type ApiOutput,
  type ApiParsedInput,
  type StudyMethod,
} from '../../shared/api/contract';
import type {
  ProgressEvent,
  RecentStudy,
  WorkspaceChange,
  WorkspaceMode,
  WorkspaceState,
} from '../../shared/api/workspace';
import { createApiHost, type ApiHost, type ApiHostOptions } from './api-host';
import type { RecentStudies } from './recent-studies';
import { parseRequest } from './validate-request';
import { StudyError } from '../core/api';

/**
 * The study a door has open, and the swap to another: the core's StudyApi serves one study (in
 * its worker); the workspace opens the next one first and closes the old one only when the new one
 * is ready, so a failed open leaves the person where they were.
 */
export interface Workspace {
  state(): WorkspaceState;
  open(file: string): Promise<WorkspaceState>;
  create(file: string, studyFile?: string): Promise<WorkspaceState>;
  recent(): RecentStudy[];
  /** A method of the open study (refused with CONFLICT when none is open). */
  call<M extends StudyMethod>(method: M, input: unknown): Promise<ApiOutput<M>>;
  onProgress(listener: (event: ProgressEvent) => void): () => void;
  onChange(listener: (state: WorkspaceState) => void): () => void;
  /** Team mode: another person changed the open study (who). */
  onStudyChanged(listener: (by: string) => void): () => void;
  close(): Promise<void>;
}

export interface WorkspaceOptions {
  mode: WorkspaceMode;
  user: string;
  canSwitch: boolean;
  recent: RecentStudies;
  /** The study definition used by workspace.create when the request names none. */
  defaultStudyDefinition: string;
  /** Browser mode: where files the server writes may go, for a study file (created when a study opens). */
  outputDirFor?: (studyFile: string) => string | null;
  /** For tests: how a study's worker host is made. */
  createHost?: (file: string, user: string, options: ApiHostOptions) => ApiHost;
  validateOutputs?: boolean;
  now?: () => Date;
}

export function createWorkspace(options: WorkspaceOptions): Workspace {
  const makeHost = options.createHost ?? createApiHost;
  const now = options.now ?? (() => new Date());
  const progressListeners = new Set<(event: ProgressEvent) => void>();
  const changeListeners = new Set<(state: WorkspaceState) => void>();
  const studyChangeListeners = new Set<(by: string) => void>();
  const both = (a: () => unknown, b: () => unknown) => () => {
    a();
    b();
  };
  let current:
    | {
        host: ApiHost;
        study: { code: string; name: string };
        outputDir: string | null;
        unsubscribe: () => void;
      }
    | undefined;
  /** Open and create run one at a time. */
  let switching: Promise<unknown> = Promise.resolve();

  const state = (): WorkspaceState => ({
    mode: options.mode,
    file: current ? displayLocation(current.host.file) : null,
    study: current?.study ?? null,
    canSwitch: options.canSwitch,
    outputDir: current?.outputDir ?? null,
  });

  const swapTo = async (file: string, hostOptions: ApiHostOptions): Promise<WorkspaceState> => {
    const host = makeHost(file, options.user, { ...hostOptions, validateOutputs: options.validateOutputs });
    let study: { code: string; name: string };
    try {
      await host.ready;
      const info = await host.call('study.info', {});
      study = { code: info.code, name: info.name };
    } catch (error) {
      await host.close();
      throw error;
    }
    const outputDir = options.outputDirFor?.(host.file) ?? null;
    if (outputDir) fs.mkdirSync(outputDir, { recursive: true });
    const previous = current;
    current = {
      host,
      study,
      outputDir,
      unsubscribe: both(
        host.onProgress((event) => {
          for (const listener of progressListeners) listener(event);
        }),
        host.onStudyChanged((by) => {
          for (const listener of studyChangeListeners) listener(by);
        }),
      ),
    };
    options.recent.add({ file: host.file, code: study.code, name: study.name }, now());
    if (previous) {
      previous.unsubscribe();
      await previous.host.close();
    }
    const next = state();
    for (const listener of changeListeners) listener(next);
    return next;
  };

  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const run = switching.then(work, work);
    switching = run.catch(() => undefined);
    return run;
  };

  return {
    state,
    open: (file) =>
      serially(async () => {
        const location = isServerLocation(file) ? file : path.resolve(file);
        if (current && location === current.host.file) return state();
        return swapTo(file, {});
      }),
    create: (file, studyFile) =>
      serially(() =>
        swapTo(file, { create: { definitionFile: studyFile ?? options.defaultStudyDefinition } }),
      ),
    recent: () => options.recent.list(),
    async call(method, input) {
      if (!current) throw new StudyError('CONFLICT', 'no study is open: open or create a study first');
      return current.host.call(method, input);
    },
    onProgress(listener) {
      progressListeners.add(listener);
      return () => progressListeners.delete(listener);
    },
    onChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    onStudyChanged(listener) {
      studyChangeListeners.add(listener);
      return () => studyChangeListeners.delete(listener);
    },
    close: () =>
      serially(async () => {
        const closing = current;
        current = undefined;
        closing?.unsubscribe();
        await closing?.host.close();
      }),
  };
}

/** What a door does for the workspace methods it answers itself (dialogs, path rules). */
export interface WorkspaceDoor {
  /** The request named no file: ask (desktop) or refuse (browser); null: the person cancelled. */
  chooseStudyToOpen(): Promise<string | null>;
  chooseNewStudyFile(): Promise<string | null>;
  /** Throws a StudyError for a path this door will not open or create. */
  checkPath(file: string, purpose: 'open' | 'create' | 'study definition'): void;
}

const change = (state: WorkspaceState, cancelled: boolean): WorkspaceChange => ({ ...state, cancelled });

/**
 * Every call of a door goes through here: the request is checked against the contract, workspace
 * methods are answered by the workspace and the door, every other method goes to the open study.
 */
export async function callApi(
  workspace: Workspace,
  door: WorkspaceDoor,
  method: string,
  input: unknown,
): Promise<unknown> {
  const request = parseRequest(method, input);
  const name = method as ApiMethod;
  if (!isWorkspaceMethod(name)) return workspace.call(name, request);
  const denied = () =>
    new StudyError(
      'CONFLICT',
      'this window is fixed to one study: opening or creating another is turned off',
    );
  switch (name) {
    case 'workspace.current':
      return workspace.state();
    case 'workspace.recent':
      return workspace.recent();
    case 'workspace.open': {
      if (!workspace.state().canSwitch) throw denied();
      const { file } = request as ApiParsedInput<'workspace.open'>;
      const chosen = file ?? (await door.chooseStudyToOpen());
      if (chosen === null) return change(workspace.state(), true);
      door.checkPath(chosen, 'open');
      return change(await workspace.open(chosen), false);
    }
    case 'workspace.create': {
      if (!workspace.state().canSwitch) throw denied();
      const { file, studyFile } = request as ApiParsedInput<'workspace.create'>;
      if (studyFile !== undefined) door.checkPath(studyFile, 'study definition');
      const chosen = file ?? (await door.chooseNewStudyFile());
      if (chosen === null) return change(workspace.state(), true);
      door.checkPath(chosen, 'create');
      return change(await workspace.create(chosen, studyFile), false);
    }
  }
}
