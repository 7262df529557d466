/**
 * Drag and drop of files and folders onto the browser, keeping the folder structure: a dropped folder is walked with the
 * File and Directory Entries API (webkitGetAsEntry, readEntries), each file keeps its path below the folder dropped on.
 */

/** A file to upload and its path below the folder on show ("photos/2024/a.jpg"). */
export interface FileToUpload {
  file: File;
  path: string;
}

/** What a drop or a folder picker brings: its files, and the folders it holds that have no file at all (created empty). */
export interface DroppedTree {
  files: FileToUpload[];
  emptyFolders: string[];
}

const isDirectory = (entry: FileSystemEntry): entry is FileSystemDirectoryEntry => entry.isDirectory;
const isFile = (entry: FileSystemEntry): entry is FileSystemFileEntry => entry.isFile;

const fileOf = (entry: FileSystemFileEntry): Promise<File> => new Promise((resolve, reject) => entry.file(resolve, reject));

/** Every entry of a folder: readEntries answers in batches (100 in Chromium) until it answers none. */
async function childrenOf(directory: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = directory.createReader();
  const children: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return children;
    children.push(...batch);
  }
}

async function walk(entry: FileSystemEntry, parent: string, tree: DroppedTree): Promise<void> {
  if (isFile(entry)) tree.files.push({ file: await fileOf(entry), path: `${parent}${entry.name}` });
  else if (isDirectory(entry)) {
    const path = `${parent}${entry.name}/`;
    const children = await childrenOf(entry);
    if (children.length === 0) tree.emptyFolders.push(path);
    for (const child of children) await walk(child, path, tree);
  }
}

/** The files and folders of a drop. The entries are taken at once: a DataTransfer's items are gone once its event returns. */
export function droppedTree(data: DataTransfer): Promise<DroppedTree> {
  const items = Array.from(data.items).filter((item) => item.kind === 'file');
  const roots = items.map((item) => ({ entry: item.webkitGetAsEntry(), file: item.getAsFile() }));
  return (async () => {
    const tree: DroppedTree = { files: [], emptyFolders: [] };
    for (const { entry, file } of roots) {
      if (entry !== null) await walk(entry, '', tree);
      else if (file !== null) tree.files.push({ file, path: file.name });
    }
    return tree;
  })();
}

/** The files of a folder picker (`<input webkitdirectory>`), each with the path the browser gives it. */
export const pickedTree = (files: FileList): DroppedTree => ({
  files: Array.from(files, (file) => ({ file, path: file.webkitRelativePath === '' ? file.name : file.webkitRelativePath })),
  emptyFolders: [],
});

/** Makes `zone` take drops of files and folders (highlighted while something is dragged over it). */
export function installDropZone(zone: HTMLElement, onDrop: (tree: Promise<DroppedTree>) => void): void {
  const carriesFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') === true;
  // Files dropped beside the zone would make the browser leave the page to open them.
  for (const type of ['dragover', 'drop'] as const)
    window.addEventListener(type, (event) => {
      if (carriesFiles(event)) event.preventDefault();
    });
  zone.addEventListener('dragover', (event) => {
    if (!carriesFiles(event)) return;
    event.preventDefault();
    zone.classList.add('dropping');
  });
  zone.addEventListener('dragleave', (event) => {
    if (event.relatedTarget === null || !zone.contains(event.relatedTarget as Node)) zone.classList.remove('dropping');
  });
  zone.addEventListener('drop', (event) => {
    zone.classList.remove('dropping');
    if (event.dataTransfer === null || !carriesFiles(event)) return;
    event.preventDefault();
    onDrop(droppedTree(event.dataTransfer));
  });
}
