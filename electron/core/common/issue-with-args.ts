import type { ImportIssue } from '../../../shared/api/imports';
import type { MessageArgs } from '../../../shared/messages/render-message';

/**
 * An import's issue as the core keeps it: its English message, and the key and named values that
 * render it in the user's language (a check's templates for a value, import-notes.ts for a file).
 * Null for issues stored before messages had named values: their English text is all there is.
 */
export interface IssueWithArgs extends ImportIssue {
  args: MessageArgs | null;
}
