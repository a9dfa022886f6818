import type { ImportIssue } from '../../../shared/api/imports';
import type { Language } from '../../../shared/messages/language';
import type { IssueWithArgs } from '../common/issue-with-args';
import { messageText } from '../study/message-text';
import type { StudyModel } from '../study/study-model';
import { NOTE_CODES, noteText } from './import-notes';

/**
 * An import's issue as a door shows it: its message in the language asked for, from its named
 * values (the English text kept with it when it has none, or when they no longer render).
 */
export function issueInLanguage(model: StudyModel, issue: IssueWithArgs, language: Language): ImportIssue {
  const { args, ...shown } = issue;
  if (!args || language === 'en') return shown;
  if (!NOTE_CODES.has(issue.code))
    return { ...shown, message: messageText(model, issue.code, args, issue.message, language) };
  try {
    return { ...shown, message: noteText(args, language) };
  } catch {
    return shown;
  }
}

/** The same for every warning of a report or of an item of the import history. */
export function warningsInLanguage<T extends { warnings: readonly ImportIssue[] }>(
  model: StudyModel,
  item: T,
  language: Language,
): T {
  return {
    ...item,
    warnings: item.warnings.map((w) => issueInLanguage(model, w as IssueWithArgs, language)),
  };
}
