import type { TFunction } from 'i18next';
import type { ProgressEvent } from '../../../shared/api/workspace';

/** A long call's step in the window's language; the core's English where it sent no note. */
export function progressText(t: TFunction, event: ProgressEvent): string {
  return event.note ? t(`progress.${event.note.key}`, event.note.values ?? {}) : event.message;
}
