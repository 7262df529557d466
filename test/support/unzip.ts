import { fromBuffer, type Entry, type ZipFile } from 'yauzl';

export interface UnzippedEntry {
  data: Buffer;
  lastModified: Date;
  isDirectory: boolean;
}

const openZip = (zip: Buffer): Promise<ZipFile> =>
  new Promise((resolve, reject) =>
    fromBuffer(zip, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (error, file) =>
      error === null ? resolve(file) : reject(error),
    ),
  );

const readEntry = (file: ZipFile, entry: Entry): Promise<Buffer> =>
  new Promise((resolve, reject) =>
    file.openReadStream(entry, (error, stream) => {
      if (error !== null) {
        reject(error);
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.once('end', () => resolve(Buffer.concat(chunks)));
      stream.once('error', reject);
    }),
  );

/** Every entry of a ZIP, read and checked (sizes, CRC, names) by yauzl, an unzip library that refuses what unzip tools refuse. */
export async function unzip(zip: Buffer): Promise<Map<string, UnzippedEntry>> {
  const file = await openZip(zip);
  const entries = new Map<string, UnzippedEntry>();
  await new Promise<void>((resolve, reject) => {
    file.on('entry', (entry: Entry) => {
      const isDirectory = entry.fileName.endsWith('/');
      const read = isDirectory ? Promise.resolve(Buffer.alloc(0)) : readEntry(file, entry);
      read.then((data) => {
        entries.set(entry.fileName, { data, lastModified: entry.getLastModDate(), isDirectory });
        file.readEntry();
      }, reject);
    });
    file.once('end', resolve);
    file.once('error', reject);
    file.readEntry();
  });
  return entries;
}
