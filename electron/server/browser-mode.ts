import { memoryRecentStudies } from '../host/recent-studies';
import { findRendererDir } from '../host/renderer-files';
import { createWorkspace, type Workspace } from '../host/workspace';
import { browserOutputDir } from './browser-door';
import { startBrowserServer, type BrowserServer, type BrowserServerOptions } from './browser-server';
import { DEFAULT_STUDY_FILE } from '../core/api';

export interface BrowserModeOptions {
  /** The study database to open. */
  studyFile: string;
  user: string;
  port?: number;
  /** May the page open or create other studies by path (default true; `serve --no-switch`: false). */
  allowSwitch?: boolean;
  /** Default: $CDM_RENDERER_DIR (development, tests), else dist/renderer of the checkout or build. */
  rendererDir?: string | null;
  uploadDir?: string;
  uploadLimits?: BrowserServerOptions['uploadLimits'];
  apiBodyBytes?: number;
  validateOutputs?: boolean;
}

export interface BrowserMode {
  server: BrowserServer;
  workspace: Workspace;
  close(): Promise<void>;
}

/** `cdm serve DB`: the study opened in its worker, then the loopback server in front of it. */
export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const workspace = createWorkspace({
    mode: 'browser',
    user: options.user,
    canSwitch: options.allowSwitch ?? true,
    recent: memoryRecentStudies(),
    defaultStudyDefinition: DEFAULT_STUDY_FILE,
    outputDirFor: browserOutputDir,
    validateOutputs: options.validateOutputs,
  });
  try {
    await workspace.open(options.studyFile);
  } catch (error) {
    await workspace.close();
    throw error;
  }
  let server: BrowserServer;
  try {
    server = await startBrowserServer({
      workspace,
      rendererDir:
        options.rendererDir === undefined
          ? (process.env.CDM_RENDERER_DIR ?? findRendererDir())
          : options.rendererDir,
      port: options.port,
      uploadDir: options.uploadDir,
      uploadLimits: options.uploadLimits,
      apiBodyBytes: options.apiBodyBytes,
    });
  } catch (error) {
    await workspace.close();
    throw error;
  }
  return {
    server,
    workspace,
    async close() {
      await server.close();
      await workspace.close();
    },
  };
}
