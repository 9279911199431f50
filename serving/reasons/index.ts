export {
  topReasons,
  formatValue,
  langFromAcceptLanguage,
  type Lang,
} from './reasons.ts';
