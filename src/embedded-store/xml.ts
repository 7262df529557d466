import { escapeMarkup } from '../markup.js';

type XmlValue = string | number | boolean | undefined | XmlValue[] | { [name: string]: XmlValue };

/** XML for S3 answers; s3rver's own builder escapes twice, so keys with '&' came back as '&amp;'. */
function toXml(name: string, value: XmlValue): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.map((item) => toXml(name, item)).join('');
  if (typeof value === 'object')
    return `<${name}>${Object.entries(value)
      .map(([child, item]) => toXml(child, item))
      .join('')}</${name}>`;
  return `<${name}>${escapeMarkup(String(value))}</${name}>`;
}

export function s3XmlDocument(root: string, value: { [name: string]: XmlValue }): string {
  const body = toXml(root, value).replace(`<${root}>`, `<${root} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
}
