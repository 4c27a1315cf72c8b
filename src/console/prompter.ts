import { checkField, type SubmitOutcome } from '../../commands/forms.js';
import {
  VISIBLE_SECRET_HINT,
  type Choice,
  type FieldDefinition,
  type FormValues,
  type OpenForm,
  valueText,
} from '../../views/form.js';
import type { Reply } from '../../views/reply.js';
import type { ConsoleIO } from './io.js';
import { renderBlock } from './render.js';
import { hangingWrap, wrap } from './text.js';

export type FormOutcome =
  | { kind: 'submitted'; reply: Reply }
  /** Refused for a reason that is not one of the fields (not allowed, changed meanwhile). */
  | { kind: 'refused'; message: string }
  | { kind: 'cancelled' }
  | { kind: 'eof' };

type Value = FormValues[string];
type Asked = { value: Value } | { stop: 'cancelled' | 'eof' };

/** Typing this alone empties an optional field that has a value. */
export const CLEAR = '-';
const YES = ['y', 'yes', 'true', 'on', '1', 'x'];
const NO = ['n', 'no', 'false', 'off', '0'];

/**
 * Fills a form at the console: every field asked in order with its label, hint, choices and
 * value (Enter keeps it), and checked on the spot by its own rule in the form's schema (and
 * required, length and choice); then `submit`, whose service checks (a duplicate) follow the
 * last field. When the submission names wrong fields, only those are asked again, each with
 * its error, and the other values are kept. A refused answer is never the [default] Enter
 * keeps: that is the value the form opened with, unless it was refused too, else none.
 * Ctrl-C cancels the form; Ctrl-D ends the console.
 */
export async function fillForm(
  io: ConsoleIO,
  open: OpenForm,
  submit: (values: FormValues) => Promise<SubmitOutcome>,
): Promise<FormOutcome> {
  const { form } = open;
  const s = io.style;
  const width = Math.max(20, io.width() - 1);
  io.write(`${renderBlock({ type: 'header', text: form.title }, width, s).join('\n')}\n`);
  if (form.intro) io.write(`${wrap(form.intro, width).join('\n')}\n`);
  const clearable = form.fields.some((f) => !f.required && f.kind !== 'checkbox');
  const clearHint = clearable ? `; ${CLEAR} empties an optional field` : '';
  io.write(
    `${s.dim(wrap(`Enter keeps the value in [brackets]${clearHint}; Ctrl-C cancels the form.`, width).join('\n'))}\n`,
  );

  const values: FormValues = { ...open.initial };
  // Each field's answers refused so far: a refused one is never offered again as [default].
  const refused = new Map<string, Set<string>>();
  const refuse = (field: FieldDefinition) => {
    const seen = refused.get(field.id) ?? new Set<string>();
    seen.add(valueText(values[field.id]));
    refused.set(field.id, seen);
    values[field.id] = lastGood(field);
  };
  // The value the form opened with unless it was refused too, else none.
  const lastGood = (field: FieldDefinition): Value =>
    refused.get(field.id)?.has(valueText(open.initial[field.id])) ? undefined : open.initial[field.id];
  let toAsk: { field: FieldDefinition; error?: string }[] = form.fields.map((field) => ({ field }));
  for (;;) {
    for (const { field, error } of toAsk) {
      if (!error && confirmsEmptySecret(form.fields, field, values)) {
        values[field.id] = '';
        continue;
      }
      // The field's own rule (the form's schema) is checked at its prompt: a wrong answer is asked again at once.
      let problem = error;
      for (;;) {
        const asked = await askField(
          io,
          field,
          open.choices[field.id] ?? field.choices ?? [],
          values[field.id],
          problem,
        );
        if ('stop' in asked) return { kind: asked.stop };
        values[field.id] = asked.value;
        problem = checkField(form, field.id, submission(form.fields, values), open.metadata) ?? undefined;
        if (!problem) break;
        refuse(field);
      }
    }
    io.write(`${s.dim(`${form.submitLabel}…`)}\n`);
    const outcome = await submit(submission(form.fields, values));
    if (outcome.ok) return { kind: 'submitted', reply: outcome.reply };
    const wrong = form.fields.filter((f) => outcome.errors.some((e) => e.field === f.id));
    if (wrong.length === 0) return { kind: 'refused', message: outcome.message };
    // A message that only repeats the field errors is not shown twice.
    const general = outcome.errors.every((e) => outcome.message.includes(e.message))
      ? 'Please correct the fields marked.'
      : outcome.message;
    io.write(`${s.red(hangingWrap('✗ ', general, width).join('\n'))}\n`);
    toAsk = [];
    for (const field of wrong) {
      refuse(field);
      toAsk.push({ field, error: outcome.errors.find((e) => e.field === field.id)!.message });
      // A secret typed again is confirmed again.
      const confirm = form.fields.find(
        (f) => f.kind === 'secret' && field.kind === 'secret' && f.id === confirmId(field),
      );
      if (confirm && !wrong.includes(confirm)) {
        values[confirm.id] = '';
        toAsk.push({ field: confirm });
      }
    }
  }
}

/**
 * `confirmPin` after an empty `pin` (the views' convention for a secret typed twice): when
 * the secret is left empty to have one generated, there is nothing to confirm.
 */
function confirmsEmptySecret(fields: FieldDefinition[], field: FieldDefinition, values: FormValues): boolean {
  if (field.kind !== 'secret' || !field.id.startsWith('confirm')) return false;
  const confirmed = fields.find((f) => f.kind === 'secret' && confirmId(f) === field.id);
  return confirmed !== undefined && isEmpty(values[confirmed.id]);
}

const confirmId = (field: FieldDefinition) => `confirm${field.id[0]!.toUpperCase()}${field.id.slice(1)}`;

/** What is sent: every field present, as the platforms send it (text as strings, lists, booleans). */
function submission(fields: FieldDefinition[], values: FormValues): FormValues {
  const out: FormValues = { ...values };
  for (const field of fields) {
    const value = values[field.id];
    if (field.kind === 'checkbox') out[field.id] = value === true || value === 'true';
    else if (field.kind === 'multiselect')
      out[field.id] = Array.isArray(value) ? value : typeof value === 'string' && value ? [value] : [];
    else if (field.kind !== 'select') out[field.id] = typeof value === 'string' ? value : '';
  }
  return out;
}

const isEmpty = (value: Value) => value === undefined || value === '' || (Array.isArray(value) && value.length === 0);

/** Asks one field until its answer passes the local checks. */
async function askField(
  io: ConsoleIO,
  field: FieldDefinition,
  choices: Choice[],
  current: Value,
  error?: string,
): Promise<Asked> {
  const s = io.style;
  const width = Math.max(20, io.width() - 1);
  const say = (text: string) => io.write(`${text}\n`);
  if (error) say(s.red(hangingWrap(`✗ ${field.label}: `, error, width).join('\n')));
  const hint =
    field.kind === 'secret' && field.hint === VISIBLE_SECRET_HINT
      ? 'Leave it empty to have one generated and shown only to you.'
      : field.hint;
  if (hint) say(s.dim(hangingWrap('  ', hint, width).join('\n')));
  const listed = field.kind === 'select' || field.kind === 'multiselect';
  if (listed) {
    if (choices.length === 0) {
      say(s.dim(`  ${field.label}: nothing to choose from.`));
      if (!field.required) return { value: field.kind === 'multiselect' ? [] : undefined };
    }
    const chosen = new Set(Array.isArray(current) ? current : typeof current === 'string' ? [current] : []);
    const digits = String(choices.length).length;
    choices.forEach((c, i) =>
      say(`  ${chosen.has(c.value) ? s.cyan('*') : ' '} ${String(i + 1).padStart(digits)}) ${c.label}`),
    );
  }
  const optional = field.required || field.kind === 'checkbox' ? '' : s.dim(' (optional)');
  const prompt = `${s.bold(field.label)}${optional}${suffix(field, choices, current)}: `;
  for (;;) {
    const line = await io.read(prompt, { secret: field.kind === 'secret', history: 'none' });
    if (line.kind === 'interrupt') return { stop: 'cancelled' };
    if (line.kind === 'eof') return { stop: 'eof' };
    let answer = field.kind === 'secret' ? line.text : line.text.trim();
    if (field.kind === 'textarea' && answer !== '' && answer !== CLEAR) {
      const more = await readMoreLines(io);
      if ('stop' in more) return more;
      answer = [line.text, ...more.lines].join('\n').trim();
    }
    const parsed = parseAnswer(field, choices, current, answer);
    if ('value' in parsed) return parsed;
    say(s.red(hangingWrap('  ✗ ', parsed.problem, width).join('\n')));
  }
}

async function readMoreLines(io: ConsoleIO): Promise<{ lines: string[] } | { stop: 'cancelled' | 'eof' }> {
  const lines: string[] = [];
  for (;;) {
    const next = await io.read(io.style.dim('… '), { history: 'none' });
    if (next.kind === 'interrupt') return { stop: 'cancelled' };
    if (next.kind === 'eof') return { stop: 'eof' };
    if (next.text.trim() === '') return { lines };
    lines.push(next.text);
  }
}

/** What follows the label: the kind of answer expected and the value Enter keeps. */
function suffix(field: FieldDefinition, choices: Choice[], current: Value): string {
  switch (field.kind) {
    case 'checkbox':
      return ` (y/n) [${current === true || current === 'true' ? 'yes' : 'no'}]`;
    case 'secret':
      return ` (typing is hidden)${isEmpty(current) ? '' : ' [Enter keeps what you typed]'}`;
    case 'select': {
      const chosen = choices.findIndex((c) => c.value === current);
      return ` (1-${choices.length})${chosen >= 0 ? ` [${chosen + 1} ${choices[chosen]!.label}]` : ''}`;
    }
    case 'multiselect': {
      const list = Array.isArray(current) ? current : [];
      return ` (numbers or values, comma-separated)${list.length > 0 ? ` [${list.join(', ')}]` : ''}`;
    }
    case 'textarea': {
      const text = String(current);
      const shown = isEmpty(current) ? '' : ` [${text.split('\n')[0]}${text.includes('\n') ? ' …' : ''}]`;
      return `${shown} (end with an empty line)`;
    }
    case 'file':
      return ` (a path on this machine)${isEmpty(current) ? '' : ` [${String(current)}]`}`;
    default:
      return isEmpty(current) ? '' : ` [${String(current)}]`;
  }
}

/** The field's value from what was typed, or the problem to show before asking again. */
export function parseAnswer(
  field: FieldDefinition,
  choices: Choice[],
  current: Value,
  answer: string,
): { value: Value } | { problem: string } {
  if (answer === '') {
    if (field.kind === 'checkbox') return { value: current === true || current === 'true' };
    if (!isEmpty(current)) return { value: current };
    if (field.required)
      return {
        problem:
          `${field.label} is required.` +
          (field.kind === 'select' ? ` Type a number from 1 to ${choices.length}.` : ''),
      };
    return { value: field.kind === 'multiselect' ? [] : field.kind === 'select' ? undefined : '' };
  }
  if (answer === CLEAR && field.kind !== 'secret' && field.kind !== 'checkbox') {
    if (field.required) return { problem: `${field.label} is required; it cannot be left empty.` };
    return { value: field.kind === 'multiselect' ? [] : field.kind === 'select' ? undefined : '' };
  }
  switch (field.kind) {
    case 'checkbox': {
      const word = answer.toLowerCase();
      if (YES.includes(word)) return { value: true };
      if (NO.includes(word)) return { value: false };
      return { problem: 'Answer y or n.' };
    }
    case 'select': {
      const choice = pick(choices, answer);
      return choice
        ? { value: choice.value }
        : {
            problem: `Type a number from 1 to ${choices.length}, or one of: ${choices.map((c) => c.value).join(', ')}.`,
          };
    }
    case 'multiselect': {
      const picked: string[] = [];
      for (const token of answer.split(/[,\s]+/).filter(Boolean)) {
        const choice = pick(choices, token);
        if (!choice)
          return {
            problem:
              `"${token}" is not one of the choices: give numbers from 1 to ${choices.length}, ` +
              `or values such as ${choices[0]?.value ?? '...'}, separated by commas.`,
          };
        if (!picked.includes(choice.value)) picked.push(choice.value);
      }
      return { value: picked };
    }
    default:
      if (field.maxLength && [...answer].length > field.maxLength)
        return { problem: `${field.label} is at most ${field.maxLength} characters; that was ${[...answer].length}.` };
      return { value: answer };
  }
}

/** A choice by its number, value or label (case ignored). */
function pick(choices: Choice[], token: string): Choice | undefined {
  if (/^\d+$/.test(token)) {
    const byNumber = choices[Number(token) - 1];
    const byValue = choices.find((c) => c.value === token);
    // A value made of digits (a site's account number) wins over a number out of range.
    return Number(token) >= 1 && Number(token) <= choices.length ? byNumber : byValue;
  }
  const key = token.toLowerCase();
  return choices.find((c) => c.value.toLowerCase() === key) ?? choices.find((c) => c.label.toLowerCase() === key);
}
