import type { DeserializeMiddleware } from '@smithy/types';
import { ListObjectsV2Command, type ListObjectsV2CommandInput, type ListObjectsV2CommandOutput, type _Object } from '@aws-sdk/client-s3';

/**
 * ListObjectsV2 with its answer read by a parser made for that one document: the SDK's general XML parser and schema
 * deserializer cost more CPU than the rest of a GraphQL page of 1000 objects. The SDK still signs, sends, retries and
 * turns errors into exceptions; any answer this parser does not fully understand is left to the SDK.
 */

/** The fields of an answer the gateway reads, named and typed as the SDK names and types them. */
export type ListObjectsV2Answer = Pick<
  ListObjectsV2CommandOutput,
  | 'Name'
  | 'Prefix'
  | 'Delimiter'
  | 'StartAfter'
  | 'ContinuationToken'
  | 'NextContinuationToken'
  | 'EncodingType'
  | 'KeyCount'
  | 'MaxKeys'
  | 'IsTruncated'
  | 'CommonPrefixes'
> & { Contents?: Pick<_Object, 'Key' | 'LastModified' | 'ETag' | 'Size' | 'StorageClass'>[] };

/** What the parser gives up on: the SDK reads that answer instead. */
class UnexpectedListing extends Error {}

const NAMED_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const SEMICOLON = 0x3b;
const LONGEST_ENTITY = '#x10FFFF'.length;

/** The character a reference (`lt`, `#38`, `#x26`) stands for; throws on anything else, as a bare `&` is not XML. */
function referencedCharacter(reference: string): string {
  if (/^#x[0-9a-fA-F]{1,6}$/.test(reference)) return String.fromCodePoint(Number.parseInt(reference.slice(2), 16));
  if (/^#[0-9]{1,7}$/.test(reference)) return String.fromCodePoint(Number.parseInt(reference.slice(1), 10));
  const character = /^[a-z]+$/.test(reference) ? NAMED_ENTITIES[reference] : undefined;
  if (character === undefined) throw new UnexpectedListing(`the reference &${reference};`);
  return character;
}

/** The text between `start` and `end` with its character and entity references replaced. */
function decodedText(xml: string, start: number, end: number): string {
  let ampersand = xml.indexOf('&', start);
  if (ampersand === -1 || ampersand >= end) return xml.slice(start, end);
  let text = '';
  let copied = start;
  while (ampersand !== -1 && ampersand < end) {
    let semicolon = ampersand + 1;
    while (semicolon < end && semicolon - ampersand <= LONGEST_ENTITY + 1 && xml.charCodeAt(semicolon) !== SEMICOLON) semicolon += 1;
    if (semicolon >= end || xml.charCodeAt(semicolon) !== SEMICOLON) throw new UnexpectedListing('a bare &');
    text += xml.slice(copied, ampersand) + referencedCharacter(xml.slice(ampersand + 1, semicolon));
    copied = semicolon + 1;
    ampersand = xml.indexOf('&', copied);
  }
  return text + xml.slice(copied, end);
}

function isXmlSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;
}

/** A letter or, past the first character, a digit: the element names of a listing. */
function isNameCharacter(code: number, first: boolean): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (!first && code >= 0x30 && code <= 0x39);
}

/**
 * A cursor over one document: elements holding text, the two lists of elements holding text, and elements to skip.
 * The tag just read is kept in fields rather than returned, so that a page of 1000 objects allocates no tag objects.
 */
class Reader {
  position = 0;
  tagName = '';
  tagClosing = false;
  tagSelfClosing = false;
  /** The text of the child nextChild read; its name is tagName. */
  childValue = '';
  constructor(readonly xml: string) {}

  /** Reads the next tag, after the whitespace before it. */
  nextTag(): void {
    const { xml } = this;
    const start = xml.indexOf('<', this.position);
    if (start === -1) throw new UnexpectedListing('no more tags');
    for (let index = this.position; index < start; index += 1) {
      if (!isXmlSpace(xml.charCodeAt(index))) throw new UnexpectedListing('text between elements');
    }
    const end = xml.indexOf('>', start);
    if (end === -1) throw new UnexpectedListing('an unclosed tag');
    this.position = end + 1;
    this.tagClosing = xml.charCodeAt(start + 1) === 0x2f;
    this.tagSelfClosing = xml.charCodeAt(end - 1) === 0x2f;
    const nameStart = this.tagClosing ? start + 2 : start + 1;
    const nameEnd = this.tagSelfClosing ? end - 1 : end;
    if (nameEnd <= nameStart) throw new UnexpectedListing('an empty tag');
    for (let index = nameStart; index < nameEnd; index += 1) {
      if (!isNameCharacter(xml.charCodeAt(index), index === nameStart)) {
        throw new UnexpectedListing(`the tag <${xml.slice(nameStart, nameEnd)}>`);
      }
    }
    this.tagName = xml.slice(nameStart, nameEnd);
  }

  /** Whether `</name>` starts at `index`. */
  private closesAt(index: number, name: string): boolean {
    const { xml } = this;
    return xml.charCodeAt(index + 1) === 0x2f && xml.startsWith(name, index + 2) && xml.charCodeAt(index + 2 + name.length) === 0x3e;
  }

  /** The text of the element whose opening tag was just read; undefined for one that holds elements, which is skipped. */
  value(name: string): string | undefined {
    const next = this.xml.indexOf('<', this.position);
    if (next === -1) throw new UnexpectedListing(`an unclosed <${name}>`);
    if (this.closesAt(next, name)) {
      const text = decodedText(this.xml, this.position, next);
      this.position = next + name.length + 3;
      return text;
    }
    // An element holding elements (an Owner, a RestoreStatus) that the gateway does not read.
    const closing = `</${name}>`;
    const end = this.xml.indexOf(closing, next);
    const inner = end === -1 ? '' : this.xml.slice(this.position, end);
    if (end === -1 || inner.trimStart()[0] !== '<' || inner.includes('<!') || inner.includes('<?')) {
      throw new UnexpectedListing(`the content of <${name}>`);
    }
    this.position = end + closing.length;
    return undefined;
  }

  /** Reads the next child of the element `parent` into childName and childValue; false once `parent` closes. */
  nextChild(parent: string): boolean {
    for (;;) {
      this.nextTag();
      if (this.tagClosing) {
        if (this.tagName !== parent) throw new UnexpectedListing(`<${parent}> closed by </${this.tagName}>`);
        return false;
      }
      const value = this.tagSelfClosing ? '' : this.value(this.tagName);
      if (value !== undefined) {
        this.childValue = value;
        return true;
      }
    }
  }
}

function isDigits(text: string, start: number, end: number): boolean {
  if (end <= start) return false;
  for (let index = start; index < end; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x30 || code > 0x39) return false;
  }
  return true;
}

function toInteger(text: string): number {
  if (!isDigits(text, text.charCodeAt(0) === 0x2d ? 1 : 0, text.length)) throw new UnexpectedListing(`the number ${text}`);
  return Number(text);
}

function toBoolean(text: string): boolean {
  if (text !== 'true' && text !== 'false') throw new UnexpectedListing(`the boolean ${text}`);
  return text === 'true';
}

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,3})?Z$/;

function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index += 1) value = value * 10 + text.charCodeAt(index) - 0x30;
  return value;
}

function toDate(text: string): Date {
  // S3 writes ISO 8601 times in UTC; anything else goes to the SDK's own timestamp parser.
  if (!ISO_TIME.test(text)) throw new UnexpectedListing(`the time ${text}`);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hours = digitsAt(text, 11, 2);
  const minutes = digitsAt(text, 14, 2);
  const seconds = digitsAt(text, 17, 2);
  // Days past the 28th and out-of-range fields are left to Date's own reading, which knows the calendar.
  const year = digitsAt(text, 0, 4);
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > 28 || hours > 23 || minutes > 59 || seconds > 59) {
    return new Date(text);
  }
  const fraction = text.length - 21;
  const milliseconds = fraction > 0 ? digitsAt(text, 20, fraction) * 10 ** (3 - fraction) : 0;
  return new Date(Date.UTC(year, month - 1, day, hours, minutes, seconds, milliseconds));
}

const ROOT = 'ListBucketResult';

/** Reads a ListObjectsV2 answer as the SDK would; throws UnexpectedListing on anything it was not made for. */
export function parseListObjectsV2(xml: string): ListObjectsV2Answer {
  const reader = new Reader(xml);
  const declaration = /^\s*<\?xml[^?]*\?>/.exec(xml);
  reader.position = declaration === null ? 0 : declaration[0].length;
  const rootStart = xml.indexOf('<', reader.position);
  const rootEnd = xml.indexOf('>', rootStart);
  const rootTag = xml.slice(rootStart + 1, rootEnd);
  if (rootStart === -1 || rootEnd === -1 || (rootTag !== ROOT && !rootTag.startsWith(`${ROOT} `)) || rootTag.endsWith('/')) {
    throw new UnexpectedListing('not a ListBucketResult');
  }
  reader.position = rootEnd + 1;
  const answer: ListObjectsV2Answer = {};
  const contents: NonNullable<ListObjectsV2Answer['Contents']> = [];
  const commonPrefixes: NonNullable<ListObjectsV2Answer['CommonPrefixes']> = [];
  for (;;) {
    reader.nextTag();
    const { tagName, tagSelfClosing } = reader;
    if (reader.tagClosing) {
      if (tagName !== ROOT || xml.slice(reader.position).trim() !== '') throw new UnexpectedListing('content after the answer');
      break;
    }
    if (tagName === 'Contents' && !tagSelfClosing) {
      const content: NonNullable<ListObjectsV2Answer['Contents']>[number] = {};
      while (reader.nextChild('Contents')) setContentField(content, reader.tagName, reader.childValue);
      contents.push(content);
      continue;
    }
    if (tagName === 'CommonPrefixes' && !tagSelfClosing) {
      const commonPrefix: NonNullable<ListObjectsV2Answer['CommonPrefixes']>[number] = {};
      while (reader.nextChild('CommonPrefixes')) if (reader.tagName === 'Prefix') commonPrefix.Prefix = reader.childValue;
      commonPrefixes.push(commonPrefix);
      continue;
    }
    const value = tagSelfClosing ? '' : reader.value(tagName);
    if (value !== undefined) setField(answer, tagName, value);
  }
  if (contents.length > 0) answer.Contents = contents;
  if (commonPrefixes.length > 0) answer.CommonPrefixes = commonPrefixes;
  return answer;
}

function setContentField(content: NonNullable<ListObjectsV2Answer['Contents']>[number], name: string, value: string): void {
  switch (name) {
    case 'Key':
    case 'ETag':
      content[name] = value;
      return;
    case 'LastModified':
      content.LastModified = toDate(value);
      return;
    case 'Size':
      content.Size = toInteger(value);
      return;
    case 'StorageClass':
      // The SDK types storage classes as the ones it knows, and passes any other through as it is.
      content.StorageClass = value as _Object['StorageClass'];
      return;
    default:
    // Checksums, owners, restore states: not read by the gateway.
  }
}

function setField(answer: ListObjectsV2Answer, name: string, value: string): void {
  switch (name) {
    case 'Name':
    case 'Prefix':
    case 'Delimiter':
    case 'StartAfter':
    case 'ContinuationToken':
    case 'NextContinuationToken':
      answer[name] = value;
      return;
    case 'EncodingType':
      if (value !== 'url') throw new UnexpectedListing(`the encoding ${value}`);
      answer.EncodingType = value;
      return;
    case 'KeyCount':
    case 'MaxKeys':
      answer[name] = toInteger(value);
      return;
    case 'IsTruncated':
      answer.IsTruncated = toBoolean(value);
      return;
    default:
    // Fields the gateway does not read (a store's own additions) are skipped, as the SDK skips them.
  }
}

/** The parser's answer, or undefined where it leaves the answer to the SDK. */
export function tryParseListObjectsV2(xml: string): ListObjectsV2Answer | undefined {
  try {
    return parseListObjectsV2(xml);
  } catch (error) {
    if (error instanceof UnexpectedListing || error instanceof RangeError) return undefined;
    throw error;
  }
}

interface RawResponse {
  statusCode: number;
  body: unknown;
}

function isRawResponse(response: unknown): response is RawResponse {
  return typeof response === 'object' && response !== null && 'statusCode' in response && 'body' in response;
}

async function bodyBytes(body: unknown): Promise<Buffer> {
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

// What the SDK is handed in place of an answer already read: it still builds its output and metadata, from nothing.
const READ_ANSWER = new TextEncoder().encode(`<${ROOT}></${ROOT}>`);

/**
 * A ListObjectsV2 command whose successful answer is read by parseListObjectsV2. Runs inside the SDK's deserializer and
 * after its check of 200 answers that hold an error, so that retries and errors stay the SDK's.
 */
export function listObjectsV2Command(input: ListObjectsV2CommandInput): {
  command: ListObjectsV2Command;
  answer: (output: ListObjectsV2CommandOutput) => ListObjectsV2Answer;
} {
  const command = new ListObjectsV2Command(input);
  let parsed: ListObjectsV2Answer | undefined;
  const parseAnswer: DeserializeMiddleware<ListObjectsV2CommandInput, ListObjectsV2CommandOutput> = (next) => async (args) => {
    parsed = undefined;
    const result = await next(args);
    const { response } = result;
    if (!isRawResponse(response) || response.statusCode < 200 || response.statusCode >= 300) return result;
    const bytes = await bodyBytes(response.body);
    parsed = tryParseListObjectsV2(bytes.toString('utf8'));
    response.body = parsed === undefined ? bytes : READ_ANSWER;
    return result;
  };
  command.middlewareStack.addRelativeTo(parseAnswer, {
    relation: 'before',
    toMiddleware: 'throw200ExceptionsMiddleware',
    name: 'listObjectsV2Parser',
  });
  return { command, answer: (output) => parsed ?? output };
}
