import { describe, expect, it } from 'vitest';
import { collectExecuteVerbs, validateAdaptiveCard } from '../support/cards.js';
import { actionSet, adaptiveCard, execute, toggledSection } from '../../src/teams/cards/card.js';

/** A realistic Teams card: inputs, a chart, a table, nested ShowCard and ActionSet, a refresh action. */
function validCard(): Record<string, any> {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    refresh: { action: { type: 'Action.Execute', verb: 'request.refresh', data: { requestId: 42 } }, userIds: [] },
    body: [
      { type: 'TextBlock', text: 'Request PR-2026-0042', weight: 'Bolder', size: 'Medium', wrap: true },
      { type: 'FactSet', facts: [{ title: 'Lot', value: '2: 38-week residential' }, { title: 'Need', value: 'ASD' }] },
      {
        type: 'Chart.HorizontalBar',
        title: 'Annual cost by route',
        data: [{ x: 'FPS call-off', y: 79_456 }, { x: 'Maintained special', y: 41_000 }],
        fallback: { type: 'TextBlock', text: 'FPS call-off: £79,456; Maintained special: £41,000', wrap: true },
      },
      {
        type: 'Table',
        columns: [{ width: 1 }, { width: 1 }],
        rows: [{ type: 'TableRow', cells: [{ type: 'TableCell', items: [{ type: 'TextBlock', text: 'Offer' }] }, { type: 'TableCell', items: [{ type: 'TextBlock', text: '£1,528 a week' }] }] }],
      },
      {
        type: 'ColumnSet',
        columns: [
          { type: 'Column', width: 'stretch', items: [{ type: 'Input.Text', id: 'reason', label: 'Reason', isMultiline: true }] },
          { type: 'Column', width: 'auto', items: [{ type: 'Input.ChoiceSet', id: 'route', label: 'Route', choices: [{ title: 'FPS call-off', value: 'fps' }] }] },
        ],
      },
      { type: 'ActionSet', actions: [{ type: 'Action.Execute', title: 'Save draft', verb: 'appraisal.save' }] },
    ],
    actions: [
      { type: 'Action.Execute', title: 'Approve', verb: 'award.approve', data: { proposalId: 7 } },
      {
        type: 'Action.ShowCard',
        title: 'Reject…',
        card: {
          type: 'AdaptiveCard',
          body: [{ type: 'Input.Text', id: 'rejectReason', label: 'Why?', isRequired: true, errorMessage: 'Give a reason' }],
          actions: [{ type: 'Action.Execute', title: 'Reject', verb: 'award.reject' }],
        },
      },
      { type: 'Action.Execute', title: 'Approve (again)', verb: 'award.approve' },
    ],
  };
}

describe('validateAdaptiveCard', () => {
  it('accepts a valid 1.5 card with a Chart.HorizontalBar element', () => {
    expect(validateAdaptiveCard(validCard())).toEqual([]);
  });

  it('checks charts: a type Teams draws, data of its shape, and a text fallback', () => {
    const card = validCard();
    card.body[2] = { type: 'Chart.HorizontalBar', title: 'No fallback', data: [{ x: 'FPS', y: 1 }] };
    expect(validateAdaptiveCard(card)).toEqual(['Chart.HorizontalBar at body[2] has no fallback element for clients that do not draw charts']);
    card.body[2] = { type: 'Chart.Pie', data: [{ x: 'FPS', y: 1 }], fallback: { type: 'TextBlock', text: 'FPS 1' } };
    expect(validateAdaptiveCard(card)).toEqual(['Chart.Pie at body[2]: data[0] is not the shape Chart.Pie takes: {"x":"FPS","y":1}']);
    card.body[2] = { type: 'Chart.Bubble', data: [{ x: 'FPS', y: 1 }], fallback: { type: 'TextBlock', text: 'FPS 1' } };
    expect(validateAdaptiveCard(card)[0]).toMatch(/^Chart.Bubble at body\[2\]: Chart.Bubble is not a chart Teams draws/);
    card.body[2] = { type: 'Chart.VerticalBar.Grouped', data: [{ legend: 'Median', values: [{ x: 'L1 ASD', y: 3250 }] }], fallback: { type: 'TextBlock', text: 'L1 ASD: £3,250' } };
    expect(validateAdaptiveCard(card)).toEqual([]);
  });

  it('rejects version 1.6, which Teams does not render', () => {
    const problems = validateAdaptiveCard({ ...validCard(), version: '1.6' });
    expect(problems).toEqual(['card version 1.6 is newer than 1.5, the latest Teams renders']);
  });

  it('rejects a missing or malformed version and a wrong card type', () => {
    const { version: _omitted, ...noVersion } = validCard();
    expect(validateAdaptiveCard(noVersion)).toEqual(['card has no version (Teams needs one, at most 1.5)']);
    expect(validateAdaptiveCard({ ...validCard(), version: 1.5 })).toEqual(['card version 1.5 is not a version string like "1.5"']);
    expect(validateAdaptiveCard({ ...validCard(), type: 'MessageCard' })).toEqual(['card type is "MessageCard", not "AdaptiveCard"']);
    expect(validateAdaptiveCard('{"type":"AdaptiveCard"}')).toEqual(['card is not a JSON object']);
  });

  it('reports an unknown element type, however deeply nested', () => {
    const card = validCard();
    card.actions[1].card.body.push({ type: 'TextBlok', text: 'typo' });
    const problems = validateAdaptiveCard(card);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/UnknownElementType: Unknown element type "TextBlok"/);
  });

  it('reports an unknown action type', () => {
    const card = validCard();
    card.actions.push({ type: 'Action.Submitt', title: 'Send' });
    expect(validateAdaptiveCard(card)).toEqual([expect.stringMatching(/UnknownActionType: .*"Action\.Submitt"/)]);
  });

  it('reports an Action.Execute without a verb, or with a blank one', () => {
    const card = validCard();
    delete card.actions[0].verb;
    card.body[5].actions[0].verb = '  ';
    expect(validateAdaptiveCard(card)).toEqual([
      'Action.Execute at body[5].actions[0] has no verb',
      'Action.Execute at actions[0] has no verb',
    ]);
  });

  it('reports a duplicate input id, across a ShowCard too', () => {
    const card = validCard();
    card.actions[1].card.body[0].id = 'reason';
    expect(validateAdaptiveCard(card)).toEqual([
      'id "reason" is used by Input.Text at body[4].columns[0].items[0] and again by Input.Text at actions[1].card.body[0]',
    ]);
  });

  it('reports an input without an id', () => {
    const card = validCard();
    delete card.body[4].columns[1].items[0].id;
    const problems = validateAdaptiveCard(card);
    expect(problems[0]).toBe('Input.ChoiceSet at body[4].columns[1].items[0] has no id');
    // The library's own check agrees; the message above is the one that says where.
    expect(problems.slice(1)).toEqual([expect.stringMatching(/PropertyCantBeNull: All inputs must have a unique Id/)]);
  });

  it('passes on what the adaptivecards validator finds, such as an invalid property value', () => {
    const card = validCard();
    card.body[0].size = 'Huge';
    expect(validateAdaptiveCard(card)).toEqual([expect.stringMatching(/InvalidPropertyValue: Invalid value "Huge" for property "size"/)]);
  });
});

describe('a required input in a closed section', () => {
  const section = (id: string, input: Record<string, unknown>, verb: string) => ({
    type: 'Container',
    id,
    isVisible: false,
    items: [input, { type: 'ActionSet', actions: [{ type: 'Action.Execute', title: verb, verb }] }],
  });
  const card = (sections: Array<Record<string, unknown>>) => ({
    type: 'AdaptiveCard',
    version: '1.5',
    body: sections,
    actions: [{ type: 'Action.ToggleVisibility', title: 'Open', targetElements: ['a', 'b'] }, { type: 'Action.Execute', title: 'Mark', verb: 'mark' }],
  });

  it('is reported: every button outside its section validates it and sends nothing while it is empty', () => {
    const problems = validateAdaptiveCard(
      card([section('a', { type: 'Input.Text', id: 'fee', label: 'Fee', value: '3450', isRequired: true, errorMessage: 'Give the fee.' }, 'confirm'), section('b', { type: 'Input.Text', id: 'message', label: 'Answer', isRequired: true, errorMessage: 'Write it.' }, 'answer')]),
    );
    expect(problems).toEqual([
      'button "confirm" can never send: the required input "message" is empty in hidden section "b"',
      'button "Mark" can never send: the required input "message" is empty in hidden section "b"',
    ]);
  });

  it('is not made by toggledSection: its inputs are checked on the server, so each section sends with its own button', () => {
    const a = toggledSection('a', 'Confirm', [{ type: 'Input.Text', id: 'fee', label: 'Fee', isRequired: true }, actionSet([execute('Confirm', 'confirm')])]);
    const b = toggledSection('b', 'Answer', [{ type: 'Input.Text', id: 'message', label: 'Answer', isRequired: true }, actionSet([execute('Send', 'answer')])]);
    const built = adaptiveCard([a.section, b.section], [a.toggle, b.toggle, execute('Mark', 'mark')]);
    expect(validateAdaptiveCard(built)).toEqual([]);
    expect(JSON.stringify(built)).not.toContain('isRequired');
  });
});

describe('collectExecuteVerbs', () => {
  it('finds every distinct verb: refresh, body ActionSets, card actions and ShowCard cards', () => {
    expect(collectExecuteVerbs(validCard())).toEqual(['request.refresh', 'appraisal.save', 'award.approve', 'award.reject']);
  });

  it('ignores verbs inside action data and returns nothing for a card without Action.Execute', () => {
    expect(
      collectExecuteVerbs({
        type: 'AdaptiveCard',
        version: '1.5',
        body: [],
        actions: [{ type: 'Action.Submit', title: 'Go', data: { nested: { type: 'Action.Execute', verb: 'not.a.button' } } }],
      }),
    ).toEqual([]);
  });
});
