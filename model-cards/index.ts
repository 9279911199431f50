export { modelCardsCommands, cardGeometry } from './commands.ts';
export { cardSchema, type ModelCard } from './card.ts';
export { renderMarkdown, renderHtml, renderHtmlBody, algoritmeregisterExport } from './render.ts';
export {
  Governance,
  gateFailures,
  type CardScope,
} from './governance.ts';
export { num, groupWords, VERDICT_WORDS, METRIC_WORDS, STATUS_WORDS } from './messages.ts';
export {
  readGovernanceFile,
  DEMO_GOVERNANCE,
} from './governance-file.ts';
export { diffCards } from './diff.ts';
export { REQUIRED_GOVERNANCE_FIELDS } from './governance-file.ts';
