import { cardBytes } from '../../src/teams/cards/elements.js';

/** What Adaptive Cards 1.5 and Teams allow; the numbers are Teams' (host config and message size). */
export const ADAPTIVE_CARD_LIMITS = {
  version: '1.5',
  /** A Teams message, card included, must stay under 28 KB. */
  maxBytes: 28 * 1024,
  /** Teams shows at most 6 actions in one row (card actions or an ActionSet). */
  maxActions: 6,
};

const ELEMENTS = new Set([
  'TextBlock',
  'RichTextBlock',
  'TextRun',
  'Image',
  'Media',
  'FactSet',
  'Table',
  'TableRow',
  'TableCell',
  'Container',
  'ColumnSet',
  'Column',
  'ActionSet',
  'ImageSet',
  'Input.Text',
  'Input.Number',
  'Input.Date',
  'Input.Time',
  'Input.Toggle',
  'Input.ChoiceSet',
]);
const ACTIONS = new Set([
  'Action.Execute',
  'Action.Submit',
  'Action.OpenUrl',
  'Action.ShowCard',
  'Action.ToggleVisibility',
]);

type Node = Record<string, unknown>;
const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);
const nonEmpty = (value: unknown) => typeof value === 'string' && value.trim() !== '';

/**
 * Every way a card breaks Adaptive Cards 1.5 or Teams' limits, as messages naming the place
 * (empty when the card is fine): version, size, element and action types, each input's id
 * (present, unique) and label (an Input.Toggle's title is its label), choices, table shape, and
 * the number of actions in a row.
 */
export function adaptiveCardProblems(card: unknown, limits = ADAPTIVE_CARD_LIMITS): string[] {
  const problems: string[] = [];
  if (!isNode(card) || card.type !== 'AdaptiveCard') return ['not an AdaptiveCard'];
  if (card.version !== limits.version) problems.push(`version is ${String(card.version)}, not ${limits.version}`);
  const bytes = cardBytes(card);
  if (bytes >= limits.maxBytes) problems.push(`${bytes} bytes, over Teams' ${limits.maxBytes}`);
  if (!Array.isArray(card.body)) problems.push('no body');
  const ids = new Set<string>();

  const checkActions = (actions: unknown, where: string) => {
    if (actions === undefined) return;
    if (!Array.isArray(actions)) return void problems.push(`${where}: actions is not a list`);
    if (actions.length > limits.maxActions)
      problems.push(`${where}: ${actions.length} actions, Teams shows ${limits.maxActions}`);
    actions.forEach((action, i) => {
      const at = `${where}.actions[${i}]`;
      if (!isNode(action) || !ACTIONS.has(String(action.type)))
        return void problems.push(`${at}: unknown action ${isNode(action) ? String(action.type) : ''}`);
      if (!nonEmpty(action.title)) problems.push(`${at}: an action without a title`);
      if (action.type === 'Action.Execute' && !nonEmpty(action.verb))
        problems.push(`${at}: Action.Execute without a verb`);
      if (action.type === 'Action.ShowCard') walk(action.card, `${at}.card`);
    });
  };

  const walk = (node: unknown, where: string): void => {
    if (typeof node === 'string') return; // a TextRun's shorthand
    if (!isNode(node)) return void problems.push(`${where}: not an element`);
    const type = String(node.type);
    if (type === 'AdaptiveCard') {
      (node.body as unknown[] | undefined)?.forEach((child, i) => walk(child, `${where}.body[${i}]`));
      checkActions(node.actions, where);
      if (isNode(node.refresh) && !(isNode(node.refresh.action) && node.refresh.action.type === 'Action.Execute'))
        problems.push(`${where}: refresh needs an Action.Execute`);
      return;
    }
    if (!ELEMENTS.has(type)) problems.push(`${where}: unknown element ${type}`);
    const at = `${where} (${type}${nonEmpty(node.id) ? ` ${String(node.id)}` : ''})`;
    if (type.startsWith('Input.')) {
      if (!nonEmpty(node.id)) problems.push(`${at}: an input without an id`);
      else if (ids.has(String(node.id))) problems.push(`${at}: id used twice`);
      const label = type === 'Input.Toggle' ? (node.label ?? node.title) : node.label;
      if (!nonEmpty(label)) problems.push(`${at}: an input without a label`);
      if (type === 'Input.Toggle' && !nonEmpty(node.title)) problems.push(`${at}: a toggle without a title`);
      if (type === 'Input.Text' && node.maxLength !== undefined && !(Number(node.maxLength) > 0))
        problems.push(`${at}: bad maxLength`);
      if (type === 'Input.ChoiceSet') {
        if (!Array.isArray(node.choices)) problems.push(`${at}: no choices list`);
        else if (!node.choices.every((c) => isNode(c) && typeof c.title === 'string' && typeof c.value === 'string'))
          problems.push(`${at}: a choice without title and value`);
      }
    }
    if (nonEmpty(node.id)) ids.add(String(node.id));
    if (type === 'RichTextBlock')
      (node.inlines as unknown[] | undefined)?.forEach((child, i) => walk(child, `${at}.inlines[${i}]`));
    if (type === 'TextRun' && typeof node.text !== 'string') problems.push(`${at}: a TextRun without text`);
    if (type === 'TextBlock' && typeof node.text !== 'string') problems.push(`${at}: a TextBlock without text`);
    if (
      type === 'FactSet' &&
      !(
        Array.isArray(node.facts) &&
        node.facts.every((f) => isNode(f) && typeof f.title === 'string' && typeof f.value === 'string')
      )
    )
      problems.push(`${at}: facts need a title and value`);
    if (type === 'Table') {
      const columns = Array.isArray(node.columns) ? node.columns.length : 0;
      (node.rows as unknown[] | undefined)?.forEach((row, i) => {
        const cells = isNode(row) && Array.isArray(row.cells) ? row.cells : [];
        if (cells.length !== columns) problems.push(`${at}.rows[${i}]: ${cells.length} cells for ${columns} columns`);
        cells.forEach((cell, j) => walk(cell, `${at}.rows[${i}].cells[${j}]`));
      });
    }
    for (const key of ['items', 'columns'] as const) {
      if (type !== 'Table' && Array.isArray(node[key]))
        (node[key] as unknown[]).forEach((child, i) => walk(child, `${at}.${key}[${i}]`));
    }
    if (type === 'ActionSet') checkActions(node.actions, at);
    if (isNode(node.selectAction)) checkActions([node.selectAction], at);
  };

  walk(card, 'card');
  return problems;
}
