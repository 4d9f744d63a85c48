import { createRequire } from 'node:module';

/**
 * The UMD bundle runs in Node as is: parsing and property validation never touch the DOM (only rendering
 * does), so no `document` shim is needed. The package's `lib/` entry is not used because it pulls in
 * browser-only modules.
 */
const AC = createRequire(import.meta.url)('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

/** Teams renders Adaptive Cards up to this version. */
export const MAX_TEAMS_CARD_VERSION = { major: 1, minor: 5 } as const;

/** Chart elements are a Teams extension the adaptivecards package does not know. */
const TEAMS_ONLY_ELEMENT_PREFIX = 'Chart.';

/**
 * The chart elements Teams draws, and the shape of their data (Teams' "Charts in Adaptive Cards"):
 * bars take {x, y}; pie and donut {legend, value}; grouped bars and lines a series {legend, values: [{x, y}]}.
 */
const CHART_DATA: Record<string, (point: unknown) => boolean> = {
  'Chart.VerticalBar': (p) => isObject(p) && typeof p.x === 'string' && typeof p.y === 'number',
  'Chart.HorizontalBar': (p) => isObject(p) && typeof p.x === 'string' && typeof p.y === 'number',
  'Chart.Pie': (p) => isObject(p) && typeof p.legend === 'string' && typeof p.value === 'number',
  'Chart.Donut': (p) => isObject(p) && typeof p.legend === 'string' && typeof p.value === 'number',
  'Chart.VerticalBar.Grouped': (p) => isObject(p) && typeof p.legend === 'string' && Array.isArray(p.values) && p.values.every((v) => isObject(v) && typeof v.x === 'string' && typeof v.y === 'number'),
  'Chart.Line': (p) => isObject(p) && typeof p.legend === 'string' && Array.isArray(p.values) && p.values.every((v) => isObject(v) && typeof v.y === 'number'),
};

function chartProblems(obj: JsonObject, where: string): string[] {
  const type = String(obj.type);
  const valid = CHART_DATA[type];
  if (!valid) return [`${where}: ${type} is not a chart Teams draws (${Object.keys(CHART_DATA).join(', ')})`];
  const problems: string[] = [];
  if (!Array.isArray(obj.data) || obj.data.length === 0) problems.push(`${where} has no data`);
  else obj.data.forEach((point, i) => valid(point) || problems.push(`${where}: data[${i}] is not the shape ${type} takes: ${JSON.stringify(point)}`));
  // Charts do not render on every Teams client (iOS, some desktops): the numbers must be there as text too.
  if (!isObject(obj.fallback)) problems.push(`${where} has no fallback element for clients that do not draw charts`);
  return problems;
}

/** Keys whose values are the author's payload, not card structure: never walked as elements. */
const PAYLOAD_KEYS = new Set(['data', 'msteams']);

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Visits every typed object of the card (elements, columns, table cells, actions, ShowCard cards,
 * ActionSets, select/inline actions, the refresh action, fallbacks), depth first, with a JSON path.
 */
function walk(node: unknown, path: string, visit: (obj: JsonObject, path: string) => void): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, `${path}[${i}]`, visit));
    return;
  }
  if (!isObject(node)) return;
  if (typeof node.type === 'string') visit(node, path);
  for (const [key, value] of Object.entries(node)) {
    if (!PAYLOAD_KEYS.has(key)) walk(value, path ? `${path}.${key}` : key, visit);
  }
}

function label(obj: JsonObject, path: string): string {
  return `${String(obj.type)} at ${path || 'card'}`;
}

function versionProblem(version: unknown): string | undefined {
  if (version === undefined) return 'card has no version (Teams needs one, at most 1.5)';
  const match = typeof version === 'string' ? /^(\d+)\.(\d+)$/.exec(version) : null;
  if (!match) return `card version ${JSON.stringify(version)} is not a version string like "1.5"`;
  const major = Number(match[1]);
  const minor = Number(match[2]);
  const { major: maxMajor, minor: maxMinor } = MAX_TEAMS_CARD_VERSION;
  if (major > maxMajor || (major === maxMajor && minor > maxMinor)) {
    return `card version ${version} is newer than ${maxMajor}.${maxMinor}, the latest Teams renders`;
  }
  return undefined;
}

/** Problems the adaptivecards parser and its validator report, minus what the checks below already cover. */
function libraryProblems(card: JsonObject): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(card, context);
  const events = [];
  for (let i = 0; i < context.eventCount; i++) events.push(context.getEventAt(i));
  events.push(...parsed.validateProperties().validationEvents);

  const coveredHere = new Set([AC.ValidationEvent.UnsupportedCardVersion, AC.ValidationEvent.MissingCardType, AC.ValidationEvent.DuplicateId]);
  return events
    .filter((e) => e.event !== AC.ValidationEvent.Hint && !coveredHere.has(e.event))
    .filter((e) => !(e.event === AC.ValidationEvent.UnknownElementType && e.message.includes(`"${TEAMS_ONLY_ELEMENT_PREFIX}`)))
    .map((e) => `adaptivecards ${AC.ValidationEvent[e.event]}: ${e.message}`);
}

/**
 * Everything wrong with a card Teams is meant to render; an empty list means it is fine.
 * Every card the bot sends should pass this in a test.
 */
export function validateAdaptiveCard(card: unknown): string[] {
  if (!isObject(card)) return ['card is not a JSON object'];
  const problems: string[] = [];
  if (card.type !== 'AdaptiveCard') problems.push(`card type is ${JSON.stringify(card.type)}, not "AdaptiveCard"`);
  const version = versionProblem(card.version);
  if (version) problems.push(version);

  const ids = new Map<string, string>();
  walk(card, '', (obj, path) => {
    const type = String(obj.type);
    if (type === 'Action.Execute' && (typeof obj.verb !== 'string' || obj.verb.trim() === '')) {
      problems.push(`${label(obj, path)} has no verb`);
    }
    if (type.startsWith(TEAMS_ONLY_ELEMENT_PREFIX)) problems.push(...chartProblems(obj, label(obj, path)));
    if (type.startsWith('Input.') && (typeof obj.id !== 'string' || obj.id === '')) {
      problems.push(`${label(obj, path)} has no id`);
    }
    if (typeof obj.id === 'string' && obj.id !== '') {
      const first = ids.get(obj.id);
      if (first) problems.push(`id "${obj.id}" is used by ${first} and again by ${label(obj, path)}`);
      else ids.set(obj.id, label(obj, path));
    }
  });

  problems.push(...blockedButtons(card));
  problems.push(...libraryProblems(card));
  return problems;
}

/**
 * A button validates every input of its card before it sends anything (`associatedInputs: auto` walks up to
 * the card itself, hidden containers included: adaptivecards' `internalGetReferencedInputs`). A required
 * input with no value inside a hidden section therefore stops every button outside that section, silently:
 * its error is drawn where nobody sees it.
 */
function blockedButtons(card: JsonObject): string[] {
  const empties: Array<{ id: string; hiddenIn: string[] }> = [];
  const buttons: Array<{ title: string; hiddenIn: string[] }> = [];
  const visit = (node: unknown, hiddenIn: string[]): void => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, hiddenIn));
    if (!isObject(node)) return;
    if (node.type === 'Action.ShowCard') return; // a show-card's own card: its inputs go only with its own buttons
    const inside = node.isVisible === false ? [...hiddenIn, String(node.id ?? '(hidden)')] : hiddenIn;
    const type = String(node.type ?? '');
    if (type.startsWith('Input.') && node.isRequired === true && (node.value === undefined || node.value === '') && inside.length) empties.push({ id: String(node.id), hiddenIn: inside });
    if ((type === 'Action.Execute' || type === 'Action.Submit') && node.associatedInputs !== 'none') buttons.push({ title: String(node.title), hiddenIn: inside });
    for (const [key, value] of Object.entries(node)) if (!PAYLOAD_KEYS.has(key) && key !== 'fallback') visit(value, inside);
  };
  visit(card.body, []);
  visit(card.actions, []);
  const problems: string[] = [];
  for (const input of empties) {
    for (const button of buttons) {
      if (input.hiddenIn.some((section) => !button.hiddenIn.includes(section))) {
        problems.push(`button "${button.title}" can never send: the required input "${input.id}" is empty in hidden section "${input.hiddenIn.at(-1)}"`);
      }
    }
  }
  return problems;
}

/** The distinct verbs of every Action.Execute in the card, nested ones included, in order of appearance. */
export function collectExecuteVerbs(card: unknown): string[] {
  const verbs = new Set<string>();
  walk(card, '', (obj) => {
    if (obj.type === 'Action.Execute' && typeof obj.verb === 'string' && obj.verb !== '') verbs.add(obj.verb);
  });
  return [...verbs];
}
