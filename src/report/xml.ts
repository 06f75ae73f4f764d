/** Just enough XML for JUnit: escaped text and attributes, elements built from strings. */

// XML 1.0 forbids most control characters even when escaped; a target's body may hold any of them.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function xmlText(text: string): string {
  return text.replace(FORBIDDEN, '\ufffd').replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** `<name a="1" b="x">children</name>`, or `<name .../>` without children; undefined attributes are left out. */
export function element(name: string, attributes: Record<string, string | number | undefined>, children: string | string[] = ''): string {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlText(String(v))}"`)
    .join('');
  const inner = Array.isArray(children) ? children.join('\n') : children;
  return inner ? `<${name}${attrs}>${inner}</${name}>` : `<${name}${attrs}/>`;
}

/** Seconds with millisecond precision, as JUnit's `time` attribute wants them. */
export const seconds = (ms: number) => (ms / 1000).toFixed(3);
