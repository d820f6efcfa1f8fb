import { constants } from "node:fs";
import { open, realpath, type FileHandle } from "node:fs/promises";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { InvalidConfig } from "../errors.js";

/** Where the csv connector may read server files: an operator's choice (IMPORT_DIR), off when `dir` is absent. */
export interface ImportDirOptions {
  /** The only folder whose files the csv connector reads; undefined turns reading server files off. */
  dir?: string;
  /** Largest file read, in bytes. */
  maxBytes: number;
}

/** An opened file inside the import directory: read its bytes once, then close. */
export interface ImportFile {
  /** The file's bytes, at most `maxBytes` of them. */
  stream(): AsyncIterable<Buffer>;
  close(): Promise<void>;
}

const fail = (message: string) => new InvalidConfig(message, { field: "path" });

/**
 * Open `path` (relative to the import directory, or absolute inside it) for reading. Refused, with a message that
 * never quotes the file: no import directory configured, a path whose real location (symlinks and `..` resolved)
 * is outside it, anything but a regular file (devices, FIFOs, folders, /proc files), and files over the size limit.
 */
export async function openImportFile(options: ImportDirOptions, path: string): Promise<ImportFile> {
  if (!options.dir) throw fail("Reading files on the gateway's disk is off. The operator enables it by setting IMPORT_DIR to a folder; paths are then read inside that folder only. To load a file yourself, upload it (importCsv or POST /imports/csv).");
  if (path.includes("\0")) throw fail("The path is not a valid file name.");
  let root: string;
  try {
    root = await realpath(options.dir);
  } catch {
    throw fail("The import directory (IMPORT_DIR) does not exist on the gateway; ask the operator to create it.");
  }
  const shown = isAbsolute(path) ? path : JSON.stringify(path);
  const within = (base: string, p: string) => { const r = relative(base, p); return r !== "" && !isAbsolute(r) && !r.split(sep).includes(".."); };
  const inside = (p: string) => within(root, p);
  const wanted = resolve(root, path);
  // Refuse outside paths before touching them, so a tenant cannot even learn which host files exist.
  if (!inside(wanted) && !within(resolve(options.dir), resolve(options.dir, path))) throw fail(`The path ${shown} is outside the import directory; give a path inside it, e.g. "exports/meta-daily.csv".`);
  let real: string;
  try {
    real = await realpath(wanted);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT" || (e as NodeJS.ErrnoException).code === "ENOTDIR") throw fail(`No such file in the import directory: ${shown}.`);
    throw fail(`The file ${shown} cannot be read.`);
  }
  if (!inside(real)) throw fail(`The path ${shown} leads outside the import directory (a symbolic link); give a path to a file inside it.`);
  let handle: FileHandle;
  try {
    handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    throw fail(`The file ${shown} cannot be read.`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw fail(`The path ${shown} is not a regular file.`);
    if (stat.size > options.maxBytes) throw fail(`The file ${shown} is ${stat.size} bytes, over the limit of ${options.maxBytes} (IMPORT_MAX_BYTES).`);
  } catch (e) {
    await handle.close();
    throw e;
  }
  return {
    async *stream() {
      // The size was checked at open; a file that grows meanwhile is still cut at the limit.
      let left = options.maxBytes;
      for await (const chunk of handle.createReadStream({ autoClose: false, start: 0, highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>) {
        if (left <= 0) return;
        const part = chunk.length > left ? chunk.subarray(0, left) : chunk;
        left -= part.length;
        yield part;
      }
    },
    close: () => handle.close().catch(() => undefined),
  };
}
