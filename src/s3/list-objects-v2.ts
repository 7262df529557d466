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

const LESS_THAN = 0x3c;
const GREATER_THAN = 0x3e;
const SLASH = 0x2f;
const AMPERSAND = 0x26;
const SEMICOLON = 0x3b;
const HASH = 0x23;
const LONGEST_REFERENCE = '#x10FFFF'.length;
const NAMED_REFERENCES: [name: string, byte: number][] = [
  ['quot', 0x22],
  ['amp', 0x26],
  ['lt', 0x3c],
  ['gt', 0x3e],
  ['apos', 0x27],
];
// Tag names as constants: reading them from the answer would make a string per tag, 12,000 a page of 1000.
// Those of every object first: each tag is looked up in order.
const KNOWN_NAMES = [
  'Key',
  'LastModified',
  'ETag',
  'Size',
  'StorageClass',
  'Contents',
  'Owner',
  'ID',
  'DisplayName',
  'Type',
  'ChecksumAlgorithm',
  'ChecksumType',
  'RestoreStatus',
  'CommonPrefixes',
  'Prefix',
  'ListBucketResult',
  'Name',
  'Delimiter',
  'StartAfter',
  'ContinuationToken',
  'NextContinuationToken',
  'EncodingType',
  'KeyCount',
  'MaxKeys',
  'IsTruncated',
];

function knownName(bytes: Uint8Array, start: number, end: number): string | undefined {
  for (const name of KNOWN_NAMES) if (bytesEqual(bytes, start, end, name)) return name;
  return undefined;
}

function isXmlSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;
}

/** A letter or, past the first character, a digit: the element names of a listing. */
function isNameCharacter(code: number, first: boolean): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (!first && code >= 0x30 && code <= 0x39);
}

/** Whether a comment, CDATA section, declaration or processing instruction (`<!`, `<?`) starts between start and end. */
function holdsMarkup(bytes: Uint8Array, start: number, end: number): boolean {
  for (let index = start; index < end; index += 1) {
    if (bytes[index] === LESS_THAN && (bytes[index + 1] === 0x21 || bytes[index + 1] === 0x3f)) return true;
  }
  return false;
}

/** The index of `byte` at or after `from`, or -1: a loop, as a native indexOf call per tag costs more than the search. */
function indexOfByte(bytes: Uint8Array, byte: number, from: number): number {
  for (let index = from; index < bytes.length; index += 1) if (bytes[index] === byte) return index;
  return -1;
}

function bytesEqual(bytes: Uint8Array, start: number, end: number, text: string): boolean {
  if (end - start !== text.length) return false;
  for (let index = 0; index < text.length; index += 1) if (bytes[start + index] !== text.charCodeAt(index)) return false;
  return true;
}

/** The value of the hexadecimal or decimal digits between start and end, or -1 if one is not a digit. */
function digitsValue(bytes: Uint8Array, start: number, end: number, radix: 10 | 16): number {
  let value = 0;
  for (let index = start; index < end; index += 1) {
    const code = bytes[index] ?? 0;
    const digit =
      code >= 0x30 && code <= 0x39
        ? code - 0x30
        : radix === 16 && (code | 0x20) >= 0x61 && (code | 0x20) <= 0x66
          ? (code | 0x20) - 0x57
          : -1;
    if (digit === -1) return -1;
    value = value * radix + digit;
  }
  return value;
}

/**
 * Decoded text is written here, then read out as one string: a text with references becomes one flat string rather than
 * a chain of concatenations (every ETag is written `&quot;...&quot;`). A text never grows by decoding.
 */
let decoded = Buffer.allocUnsafe(1024);

/** Writes the UTF-8 bytes of the character a reference (`lt`, `#38`, `#x26`) stands for at `at`; how many it wrote. */
function writeReferenced(bytes: Uint8Array, start: number, end: number, at: number): number {
  for (const [name, byte] of NAMED_REFERENCES) {
    if (bytesEqual(bytes, start, end, name)) {
      decoded[at] = byte;
      return 1;
    }
  }
  const hexadecimal = bytes[start + 1] === 0x78;
  const digitsStart = hexadecimal ? start + 2 : start + 1;
  const digits = end - digitsStart;
  const codePoint =
    bytes[start] === HASH && digits >= 1 && digits <= (hexadecimal ? 6 : 7)
      ? digitsValue(bytes, digitsStart, end, hexadecimal ? 16 : 10)
      : -1;
  // A bare `&` or an HTML entity is not XML; a surrogate or a code point past Unicode is left to the SDK's reading.
  if (codePoint < 0 || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) {
    throw new UnexpectedListing('a reference');
  }
  return decoded.write(String.fromCodePoint(codePoint), at, 'utf8');
}

/** Copies bytes into `decoded` at `at` (a loop: the runs between references are a few bytes); where the copy ends. */
function copyBytes(bytes: Uint8Array, start: number, end: number, at: number): number {
  let to = at;
  for (let index = start; index < end; index += 1) decoded[to++] = bytes[index] ?? 0;
  return to;
}

/** The text between `start` and `end`, with its character and entity references replaced. */
function decodedText(bytes: Buffer, start: number, end: number): string {
  let ampersand = indexOfByte(bytes, AMPERSAND, start);
  if (ampersand === -1 || ampersand >= end) return bytes.toString('utf8', start, end);
  if (decoded.length < end - start) decoded = Buffer.allocUnsafe(end - start);
  let length = 0;
  let copied = start;
  while (ampersand !== -1 && ampersand < end) {
    let semicolon = ampersand + 1;
    while (semicolon < end && semicolon - ampersand <= LONGEST_REFERENCE + 1 && bytes[semicolon] !== SEMICOLON) semicolon += 1;
    if (semicolon >= end || bytes[semicolon] !== SEMICOLON) throw new UnexpectedListing('a bare &');
    length = copyBytes(bytes, copied, ampersand, length);
    length += writeReferenced(bytes, ampersand + 1, semicolon, length);
    copied = semicolon + 1;
    ampersand = indexOfByte(bytes, AMPERSAND, copied);
  }
  length = copyBytes(bytes, copied, end, length);
  return decoded.toString('utf8', 0, length);
}

/**
 * A cursor over one answer's bytes: elements holding text, the two lists of elements holding text, and elements to skip.
 * The answer is read from its bytes, not from one string of it: a page of 1000 objects is a string of 200 to 400 kB,
 * which V8 allocates as a large object and promotes whole at the first young collection while any key sliced from it
 * lives; read from bytes, every key and ETag is a small string of its own. The tag just read is kept in fields rather
 * than returned, so that a page of 1000 objects allocates no tag objects.
 */
class Reader {
  position = 0;
  tagName = '';
  tagClosing = false;
  tagSelfClosing = false;
  /** Where the text of the element just read starts and ends (before its references are replaced). */
  valueStart = 0;
  valueEnd = 0;
  constructor(readonly bytes: Buffer) {}

  /** The text of the element just read. */
  text(): string {
    return decodedText(this.bytes, this.valueStart, this.valueEnd);
  }

  /** Whether the text of the element just read is `text`, written without references. */
  is(text: string): boolean {
    return bytesEqual(this.bytes, this.valueStart, this.valueEnd, text);
  }

  /** The element just read as an integer, read from its bytes where it is plain digits. */
  integer(): number {
    const { bytes, valueStart, valueEnd } = this;
    const negative = bytes[valueStart] === 0x2d;
    const digitsStart = negative ? valueStart + 1 : valueStart;
    // Up to 15 digits stay exact in a double; anything longer or with references is read from its text.
    const value = valueEnd > digitsStart && valueEnd - digitsStart <= 15 ? digitsValue(bytes, digitsStart, valueEnd, 10) : -1;
    if (value === -1) return toInteger(this.text());
    return negative ? -value : value;
  }

  /** Reads the next tag, after the whitespace before it. */
  nextTag(): void {
    const { bytes } = this;
    const start = indexOfByte(bytes, LESS_THAN, this.position);
    if (start === -1) throw new UnexpectedListing('no more tags');
    for (let index = this.position; index < start; index += 1) {
      if (!isXmlSpace(bytes[index] ?? 0)) throw new UnexpectedListing('text between elements');
    }
    const end = indexOfByte(bytes, GREATER_THAN, start);
    if (end === -1) throw new UnexpectedListing('an unclosed tag');
    this.position = end + 1;
    this.tagClosing = bytes[start + 1] === SLASH;
    this.tagSelfClosing = bytes[end - 1] === SLASH;
    const nameStart = this.tagClosing ? start + 2 : start + 1;
    const nameEnd = this.tagSelfClosing ? end - 1 : end;
    if (nameEnd <= nameStart) throw new UnexpectedListing('an empty tag');
    for (let index = nameStart; index < nameEnd; index += 1) {
      if (!isNameCharacter(bytes[index] ?? 0, index === nameStart)) throw new UnexpectedListing('a tag name');
    }
    this.tagName = knownName(bytes, nameStart, nameEnd) ?? bytes.toString('latin1', nameStart, nameEnd);
  }

  /** Whether `</name>` starts at `index`. */
  private closesAt(index: number, name: string): boolean {
    const { bytes } = this;
    return (
      bytes[index + 1] === SLASH &&
      bytesEqual(bytes, index + 2, index + 2 + name.length, name) &&
      bytes[index + 2 + name.length] === GREATER_THAN
    );
  }

  /** Reads the text of the element whose opening tag was just read; false for one that holds elements, which is skipped. */
  value(name: string): boolean {
    const { bytes } = this;
    const next = indexOfByte(bytes, LESS_THAN, this.position);
    if (next === -1) throw new UnexpectedListing(`an unclosed <${name}>`);
    if (this.closesAt(next, name)) {
      this.valueStart = this.position;
      this.valueEnd = next;
      this.position = next + name.length + 3;
      return true;
    }
    // An element holding elements (an Owner, a RestoreStatus) that the gateway does not read.
    let end = next;
    while (end !== -1 && !this.closesAt(end, name)) end = indexOfByte(bytes, LESS_THAN, end + 1);
    let first = this.position;
    while (first < end && isXmlSpace(bytes[first] ?? 0)) first += 1;
    if (end === -1 || first !== next || holdsMarkup(bytes, next, end)) {
      throw new UnexpectedListing(`the content of <${name}>`);
    }
    this.position = end + name.length + 3;
    return false;
  }

  /** Reads the text of a self-closed element, which is empty. */
  empty(): true {
    this.valueStart = this.position;
    this.valueEnd = this.position;
    return true;
  }

  /** Reads the next child of the element `parent` (tagName, and its text's place); false once `parent` closes. */
  nextChild(parent: string): boolean {
    for (;;) {
      this.nextTag();
      if (this.tagClosing) {
        if (this.tagName !== parent) throw new UnexpectedListing(`<${parent}> closed by </${this.tagName}>`);
        return false;
      }
      if (this.tagSelfClosing ? this.empty() : this.value(this.tagName)) return true;
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

/** Whether the bytes between start and end are an ISO 8601 time in UTC: `2026-11-30T19:00:00Z`, with up to three decimals. */
function isIsoTime(bytes: Uint8Array, start: number, end: number): boolean {
  const length = end - start;
  if ((length !== 20 && (length < 22 || length > 24)) || bytes[end - 1] !== 0x5a) return false;
  for (let index = 0; index < length - 1; index += 1) {
    const code = bytes[start + index] ?? 0;
    const expected =
      index === 4 || index === 7 ? 0x2d : index === 10 ? 0x54 : index === 13 || index === 16 ? 0x3a : index === 19 ? 0x2e : 0;
    if (expected === 0 ? code < 0x30 || code > 0x39 : code !== expected) return false;
  }
  return true;
}

/** A time read from its bytes, without a string: one per object of a page. */
function toDate(bytes: Buffer, start: number, end: number): Date {
  // S3 writes ISO 8601 times in UTC; anything else goes to the SDK's own timestamp parser.
  if (!isIsoTime(bytes, start, end)) throw new UnexpectedListing('a time');
  const year = digitsValue(bytes, start, start + 4, 10);
  const month = digitsValue(bytes, start + 5, start + 7, 10);
  const day = digitsValue(bytes, start + 8, start + 10, 10);
  const hours = digitsValue(bytes, start + 11, start + 13, 10);
  const minutes = digitsValue(bytes, start + 14, start + 16, 10);
  const seconds = digitsValue(bytes, start + 17, start + 19, 10);
  // Days past the 28th and out-of-range fields are left to Date's own reading, which knows the calendar.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > 28 || hours > 23 || minutes > 59 || seconds > 59) {
    return new Date(bytes.toString('latin1', start, end));
  }
  const fraction = end - start - 21;
  const milliseconds = fraction > 0 ? digitsValue(bytes, start + 20, end - 1, 10) * 10 ** (3 - fraction) : 0;
  return new Date(Date.UTC(year, month - 1, day, hours, minutes, seconds, milliseconds));
}

const ROOT = 'ListBucketResult';
// The storage class of nearly every object: one string for them all.
const STANDARD = 'STANDARD';

/** Where the answer's root element starts: after a byte order mark, whitespace and an XML declaration, if any. */
function rootPosition(bytes: Buffer): number {
  let position = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (isXmlSpace(bytes[position] ?? 0)) position += 1;
  if (!bytesEqual(bytes, position, position + 5, '<?xml')) return position;
  const questionMark = bytes.indexOf(0x3f, position + 2);
  if (questionMark === -1 || bytes[questionMark + 1] !== GREATER_THAN) throw new UnexpectedListing('an XML declaration');
  return questionMark + 2;
}

/** Reads a ListObjectsV2 answer's bytes as the SDK would; throws UnexpectedListing on anything it was not made for. */
export function parseListObjectsV2(bytes: Buffer): ListObjectsV2Answer {
  const reader = new Reader(bytes);
  const rootStart = bytes.indexOf(LESS_THAN, rootPosition(bytes));
  const rootEnd = bytes.indexOf(GREATER_THAN, rootStart);
  const rootNameEnd = rootStart + 1 + ROOT.length;
  const rootAttributesStart = bytes[rootNameEnd];
  if (
    rootStart === -1 ||
    rootEnd === -1 ||
    !bytesEqual(bytes, rootStart + 1, rootNameEnd, ROOT) ||
    (rootNameEnd !== rootEnd && rootAttributesStart !== 0x20) ||
    bytes[rootEnd - 1] === SLASH
  ) {
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
      if (tagName !== ROOT) throw new UnexpectedListing(`</${tagName}> at the end`);
      for (let index = reader.position; index < bytes.length; index += 1) {
        if (!isXmlSpace(bytes[index] ?? 0)) throw new UnexpectedListing('content after the answer');
      }
      break;
    }
    if (tagName === 'Contents' && !tagSelfClosing) {
      const content: NonNullable<ListObjectsV2Answer['Contents']>[number] = {};
      while (reader.nextChild('Contents')) setContentField(content, reader);
      contents.push(content);
      continue;
    }
    if (tagName === 'CommonPrefixes' && !tagSelfClosing) {
      const commonPrefix: NonNullable<ListObjectsV2Answer['CommonPrefixes']>[number] = {};
      while (reader.nextChild('CommonPrefixes')) if (reader.tagName === 'Prefix') commonPrefix.Prefix = reader.text();
      commonPrefixes.push(commonPrefix);
      continue;
    }
    if (tagSelfClosing ? reader.empty() : reader.value(tagName)) setField(answer, tagName, reader.text());
  }
  if (contents.length > 0) answer.Contents = contents;
  if (commonPrefixes.length > 0) answer.CommonPrefixes = commonPrefixes;
  return answer;
}

function setContentField(content: NonNullable<ListObjectsV2Answer['Contents']>[number], reader: Reader): void {
  const name = reader.tagName;
  switch (name) {
    case 'Key':
    case 'ETag':
      content[name] = reader.text();
      return;
    case 'LastModified':
      content.LastModified = toDate(reader.bytes, reader.valueStart, reader.valueEnd);
      return;
    case 'Size':
      content.Size = reader.integer();
      return;
    case 'StorageClass':
      // The SDK types storage classes as the ones it knows, and passes any other through as it is.
      content.StorageClass = (reader.is(STANDARD) ? STANDARD : reader.text()) as _Object['StorageClass'];
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
export function tryParseListObjectsV2(bytes: Buffer): ListObjectsV2Answer | undefined {
  try {
    return parseListObjectsV2(bytes);
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
    parsed = tryParseListObjectsV2(bytes);
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
