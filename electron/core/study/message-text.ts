import type { Language } from '../../../shared/messages/language';
import { renderMessage, type MessageArgs } from '../../../shared/messages/render-message';
import type { StudyModel } from './study-model';

/**
 * A check's message in a language, from the templates of the study definition. A message the
 * templates cannot render (a definition that lacks one) shows its key and values rather than
 * nothing, so that no finding is ever silent.
 */
export function renderedText(
  model: StudyModel,
  checkId: string,
  args: MessageArgs,
  language: Language,
): string {
  try {
    return renderMessage(model.messages, checkId, args, language);
  } catch (error) {
    return `${checkId} ${args.key} ${JSON.stringify(args.values ?? {})} (${(error as Error).message})`;
  }
}

export function englishText(model: StudyModel, checkId: string, args: MessageArgs): string {
  return renderedText(model, checkId, args, 'en');
}

/**
 * What a stored discrepancy or record issue says: its message rendered from its named values, or
 * its stored (English) text when it has none (found before messages had named values) or when the
 * templates cannot render it.
 */
export function messageText(
  model: StudyModel,
  checkId: string,
  args: MessageArgs | undefined,
  storedText: string,
  language: Language,
): string {
  if (args === undefined) return storedText;
  try {
    return renderMessage(model.messages, checkId, args, language);
  } catch {
    return storedText;
  }
}

/** The same for a discrepancy row, whose named values are stored as JSON text. */
export function storedMessageText(
  model: StudyModel,
  stored: { checkId: string; message: string; messageArgs: string | null },
  language: Language,
): string {
  if (stored.messageArgs === null) return stored.message;
  let args: MessageArgs;
  try {
    args = JSON.parse(stored.messageArgs) as MessageArgs;
  } catch {
    return stored.message;
  }
  return messageText(model, stored.checkId, args, stored.message, language);
}
