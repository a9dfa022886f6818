import { desktopBridge, type DesktopBridge } from '../api/client';

/**
 * The desktop app's helpers (dialogs, progress events), or null in browser mode, where the screens
 * upload dropped files and offer downloads instead.
 */
export function desktop(): DesktopBridge | null {
  return desktopBridge();
}
