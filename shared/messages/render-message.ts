import type { Language } from './language';

/**
 * A check's message as data: which of its templates (`key`) and the named values that fill it in.
 * Any door renders it in either language at read time, from the templates of the study definition.
 */
export interface MessageArgs {
  key: string;
  values?: { [name: string]: MessageValue };
}

/** Text the study definition gives in each language (a column's label); `ko` falls back to `en`. */
export interface LocalText {
  en: string;
  ko?: string | null;
}

/**
 * A named value: text and numbers are shown as they are (dates are ISO text), null as the
 * language's word for a blank field, a list item by item, a nested message in the same language.
 */
export type MessageValue = string | number | null | LocalText | MessageArgs | MessageValue[];

/** One template in both languages, with the same named values in each. */
export type MessageTemplate = Record<Language, string>;

/** A check's templates by key; `common` holds the phrases every check may use. */
export interface MessageTemplates {
  common: Record<string, MessageTemplate>;
  checks: Record<string, Record<string, MessageTemplate>>;
}

export class MessageError extends Error {}

const BLANK: Record<Language, string> = { en: 'blank', ko: '공란' };

/** `{name}`, or `{name|separator}` for a list (items are joined with ", " unless said otherwise). */
const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)(?:\|([^{}]*))?\}/g;

/** A template split once into its text and its named values (messages are rendered by the hundred thousand). */
type Part = string | { name: string; separator: string | undefined };
const compiled = new Map<string, Part[]>();

function partsOf(template: string): Part[] {
  let parts = compiled.get(template);
  if (parts === undefined) {
    parts = [];
    let at = 0;
    for (const m of template.matchAll(PLACEHOLDER)) {
      if (m.index > at) parts.push(template.slice(at, m.index));
      parts.push({ name: m[1]!, separator: m[2] });
      at = m.index + m[0].length;
    }
    if (at < template.length) parts.push(template.slice(at));
    compiled.set(template, parts);
  }
  return parts;
}

/** The named values a template uses, each once, in order. */
export function placeholders(template: string): string[] {
  return [...new Set(Array.from(template.matchAll(PLACEHOLDER), (m) => m[1]!))];
}

/** A number as people write it: 4, not 4.0; no binary noise (0.3, not 0.30000000000000004). */
export function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

function isArgs(value: object): value is MessageArgs {
  return typeof (value as MessageArgs).key === 'string';
}

export function templateOf(templates: MessageTemplates, checkId: string, key: string): MessageTemplate {
  const template = templates.checks[checkId]?.[key] ?? templates.common[key];
  if (template === undefined) throw new MessageError(`no message template "${key}" for ${checkId}`);
  return template;
}

/** Renders a check's message in a language; throws MessageError when a template or value is missing. */
export function renderMessage(
  templates: MessageTemplates,
  checkId: string,
  args: MessageArgs,
  language: Language,
): string {
  const renderValue = (value: MessageValue | undefined, separator: string | undefined): string => {
    if (value === null) return BLANK[language];
    if (value === undefined) throw new MessageError('a named value is missing');
    if (typeof value === 'number') return formatNumber(value);
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.map((v) => renderValue(v, undefined)).join(separator ?? ', ');
    if (isArgs(value)) return render(value);
    return (language === 'en' ? value.en : value[language]) || value.en;
  };
  const render = (message: MessageArgs): string => {
    const values = message.values ?? {};
    let text = '';
    for (const part of partsOf(templateOf(templates, checkId, message.key)[language])) {
      if (typeof part === 'string') text += part;
      else if (!Object.prototype.hasOwnProperty.call(values, part.name))
        throw new MessageError(`message "${message.key}" of ${checkId} has no value {${part.name}}`);
      else text += renderValue(values[part.name], part.separator);
    }
    return text;
  };
  return render(args);
}

/**
 * What is wrong between a message and its templates: a key without a template, a value a template
 * does not use, a named value it lacks (in either language). Nested messages are checked too.
 */
export function messageProblems(templates: MessageTemplates, checkId: string, args: MessageArgs): string[] {
  const problems: string[] = [];
  const visit = (value: MessageValue): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === 'object' && isArgs(value)) check(value);
  };
  const check = (message: MessageArgs): void => {
    let template: MessageTemplate;
    try {
      template = templateOf(templates, checkId, message.key);
    } catch (error) {
      problems.push((error as Error).message);
      return;
    }
    const given = Object.keys(message.values ?? {}).sort();
    for (const language of Object.keys(template) as Language[]) {
      const used = placeholders(template[language]).sort();
      if (JSON.stringify(used) !== JSON.stringify(given))
        problems.push(
          `${checkId} "${message.key}" (${language}) uses {${used.join('}, {')}} but the check gives {${given.join('}, {')}}`,
        );
    }
    Object.values(message.values ?? {}).forEach(visit);
  };
  check(args);
  return problems;
}
