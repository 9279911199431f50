/** One message: Dutch and English side by side. Placeholders are `{name}`. */
export interface Message {
  readonly nl: string;
  readonly en: string;
}

/** A message with its Dutch text first. */
export function m(nl: string, en: string): Message {
  return { nl, en };
}
