import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { s3XmlDocument } from '../../src/embedded-store/xml.js';
import { listObjectsV2Command, parseListObjectsV2, tryParseListObjectsV2 } from '../../src/s3/list-objects-v2.js';
import { clientAnswering, sdkFields, sdkReading } from '../support/list-answers.js';

/** The gateway's ListObjectsV2 parser against the SDK's, on answers written the ways stores write them. */

function isXmlCharacter(code: number): boolean {
  return code >= 0x20 && code !== 0x7f && code !== 0xfffe && code !== 0xffff;
}

// Characters of every kind a key may hold (no control characters: XML 1.0 cannot carry most of them, and the gateway refuses them).
const keyCharacter = fc.oneof(
  fc.constantFrom('&', '<', '>', '"', "'", '/', '%', '+', ' ', '#', '?', '=', ';', '!', '*', '(', ')', ']]>', '&amp;', '&#38;', 'ü', '😀'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 4 }),
);
const key = fc
  .array(keyCharacter, { minLength: 1, maxLength: 12 })
  .map((parts) => parts.join(''))
  .filter((text) => text.isWellFormed() && Array.from(text, (character) => character.codePointAt(0) ?? 0).every(isXmlCharacter));

const listing = fc.record({
  keys: fc.uniqueArray(key, { maxLength: 20 }),
  prefixes: fc.uniqueArray(key, { maxLength: 5 }),
  prefix: fc.oneof(fc.constant(''), key),
  startAfter: fc.option(key, { nil: undefined }),
  delimiter: fc.option(fc.constantFrom('/', '|', '-'), { nil: undefined }),
  isTruncated: fc.boolean(),
  size: fc.nat({ max: 2 ** 40 }),
  lastModified: fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true }),
  encoded: fc.boolean(),
});
type Listing = typeof listing extends fc.Arbitrary<infer T> ? T : never;

/** As the embedded store writes it: every XML-special character as a numeric reference. */
function embeddedStyle(value: Listing): string {
  const encode = (text: string) => (value.encoded ? encodeURIComponent(text) : text);
  return s3XmlDocument('ListBucketResult', {
    Name: 'bucket',
    Prefix: encode(value.prefix),
    StartAfter: value.startAfter === undefined ? undefined : encode(value.startAfter),
    NextContinuationToken: value.isTruncated ? 'token' : undefined,
    KeyCount: value.keys.length + value.prefixes.length,
    MaxKeys: 1000,
    Delimiter: value.delimiter === undefined ? undefined : encode(value.delimiter),
    EncodingType: value.encoded ? 'url' : undefined,
    IsTruncated: value.isTruncated,
    Contents: value.keys.map((text) => ({
      Key: encode(text),
      LastModified: value.lastModified.toISOString(),
      ETag: '"0123456789abcdef0123456789abcdef"',
      Size: value.size,
      StorageClass: 'STANDARD',
    })),
    CommonPrefixes: value.prefixes.map((text) => ({ Prefix: encode(text) })),
  });
}

/** As S3 and Ceph write it: named entities, quotes escaped, an Owner inside each object, and line breaks between elements. */
function storeStyle(value: Listing): string {
  const escape = (text: string) =>
    (value.encoded ? encodeURIComponent(text) : text)
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('"', '&quot;')
      .replaceAll("'", '&apos;');
  const contents = value.keys.map(
    (text) =>
      `<Contents><Key>${escape(text)}</Key><LastModified>${value.lastModified.toISOString()}</LastModified><ETag>&quot;e&quot;</ETag><Size>${value.size}</Size><StorageClass>STANDARD</StorageClass><Owner><ID>o</ID><DisplayName>O</DisplayName></Owner><Type>Normal</Type></Contents>`,
  );
  const prefixes = value.prefixes.map((text) => `<CommonPrefixes><Prefix>${escape(text)}</Prefix></CommonPrefixes>`);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
    `<Name>bucket</Name><Prefix>${escape(value.prefix)}</Prefix>`,
    value.startAfter === undefined ? '' : `<StartAfter>${escape(value.startAfter)}</StartAfter>`,
    `<KeyCount>${value.keys.length}</KeyCount><MaxKeys>1000</MaxKeys>`,
    value.delimiter === undefined ? '' : `<Delimiter>${escape(value.delimiter)}</Delimiter>`,
    `<IsTruncated>${value.isTruncated}</IsTruncated>`,
    value.encoded ? '<EncodingType>url</EncodingType>' : '',
    ...contents,
    ...prefixes,
    value.isTruncated ? '<NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>' : '',
    '</ListBucketResult>',
  ].join('\n');
}

describe('the ListObjectsV2 parser', () => {
  it('reads every generated answer as the SDK does, in both stores’ styles, plain and URL-encoded', async () => {
    await fc.assert(
      fc.asyncProperty(listing, fc.constantFrom(embeddedStyle, storeStyle), async (value, style) => {
        const xml = style(value);
        expect(parseListObjectsV2(Buffer.from(xml))).toEqual(sdkFields(await sdkReading(xml)));
      }),
      { numRuns: 300 },
    );
  });

  it('reads an empty listing, self-closed elements and millisecond times as the SDK does', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix/><KeyCount>0</KeyCount><MaxKeys>0</MaxKeys><IsTruncated>false</IsTruncated><Contents><Key>a&#x263A;&#169;</Key><LastModified>2026-11-30T19:00:00.123Z</LastModified><Size>0</Size></Contents></ListBucketResult>`;
    expect(parseListObjectsV2(Buffer.from(xml))).toEqual(sdkFields(await sdkReading(xml)));
  });

  it('reads times of every length and at month ends, and every kind of reference, as the SDK does', async () => {
    const times = [
      '2024-02-29T23:59:59.5Z',
      '2026-12-31T00:00:00.05Z',
      '2026-01-31T12:30:45Z',
      '2026-11-28T00:00:00.999Z',
      '1999-06-30T23:00:00.1Z',
    ];
    const contents = times.map(
      (time, index) =>
        `<Contents><Key>k${index}&amp;&lt;&#x263A;&#233;&quot;</Key><LastModified>${time}</LastModified><ETag>&quot;e${index}&quot;</ETag><Size>${index}</Size></Contents>`,
    );
    const xml = `<ListBucketResult><Name>b</Name><IsTruncated>false</IsTruncated>${contents.join('')}</ListBucketResult>`;
    expect(parseListObjectsV2(Buffer.from(xml))).toEqual(sdkFields(await sdkReading(xml)));
  });

  it('leaves to the SDK what it was not made for: CDATA, HTML entities, comments, other documents, broken answers', () => {
    const wrap = (inner: string) => `<ListBucketResult><Contents><Key>${inner}</Key></Contents></ListBucketResult>`;
    for (const xml of [
      wrap('<![CDATA[a]]>'),
      wrap('a&nbsp;b'),
      wrap('a & b'),
      wrap('a &amp b;'),
      wrap('a&#x110000;'),
      wrap('a&#xD800;'),
      wrap('a&nbsp'),
      wrap('a<!-- c -->b'),
      '<Error><Code>InternalError</Code></Error>',
      '<ListBucketResult><Contents><Key>a</Key>',
      '<ListBucketResult><Contents><LastModified>yesterday</LastModified></Contents></ListBucketResult>',
      '<ListBucketResult><Contents><Size>12kB</Size></Contents></ListBucketResult>',
      '<ListBucketResult><Contents><LastModified>Mon, 30 Nov 2026 19:00:00 GMT</LastModified></Contents></ListBucketResult>',
      '',
    ]) {
      expect(tryParseListObjectsV2(Buffer.from(xml)), xml).toBeUndefined();
    }
  });

  it('reads the answer in place of the SDK inside a real client, and leaves one it cannot read to the SDK', async () => {
    const readable = `<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>a</Key><Size>1</Size></Contents></ListBucketResult>`;
    const unreadable = `<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key><![CDATA[b]]></Key><Size>2</Size></Contents></ListBucketResult>`;
    for (const [xml, key] of [
      [readable, 'a'],
      [unreadable, 'b'],
    ] as const) {
      const client = clientAnswering(xml);
      const { command, answer } = listObjectsV2Command({ Bucket: 'bucket' });
      const output = await client.send(command);
      client.destroy();
      expect(answer(output).Contents?.map((object) => object.Key)).toEqual([key]);
      // Where the parser read the answer, the SDK was handed an empty one.
      expect(output.Contents?.length).toBe(xml === readable ? undefined : 1);
    }
  });
});
