export {
  topReasons,
  reasonSentence,
  formatValue,
  langFromAcceptLanguage,
  type Lang,
  type Reason,
  type ReasonFeature,
  type ReasonInput,
  type ReasonOptions,
} from './reasons.ts';
