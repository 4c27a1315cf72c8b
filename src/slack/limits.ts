/**
 * Slack's Block Kit and Web API limits the renderers keep to
 * (https://docs.slack.dev/reference/block-kit). One place, so tests check the same numbers.
 */
export const LIMITS = {
  viewTitle: 24,
  viewButton: 24,
  viewBlocks: 100,
  messageBlocks: 50,
  privateMetadata: 3000,
  callbackId: 255,
  blockId: 255,
  actionId: 255,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  textInputMaxLength: 3000,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  optionGroups: 100,
  optionGroupLabel: 75,
  buttonText: 75,
  buttonValue: 2000,
  actionsElements: 25,
  contextElements: 10,
  contextText: 3000,
  /** Message `text` (the notification and fallback); Slack truncates at 40,000, 4,000 reads well. */
  messageText: 4000,
  /**
   * Not Slack's: the people one command may mention, each looked up with users.info. As many as
   * a command may name users (the services take at most 100 at a time); checked before any lookup.
   */
  mentionsPerCommand: 100,
} as const;
