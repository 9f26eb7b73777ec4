/** The part of wa-sqlite's FacadeVFS (shipped as JavaScript without types) that blob-vfs.ts overrides. */
declare module "@journeyapps/wa-sqlite/src/FacadeVFS.js" {
  export class FacadeVFS {
    constructor(name: string, module: object);
    readonly name: string;
    isReady(): boolean | Promise<boolean>;
    jOpen(filename: string | null, pFile: number, flags: number, pOutFlags: DataView): number;
    jClose(pFile: number): number;
    jRead(pFile: number, pData: Uint8Array, iOffset: number): number;
    jWrite(pFile: number, pData: Uint8Array, iOffset: number): number;
    jTruncate(pFile: number, size: number): number;
    jFileSize(pFile: number, pSize: DataView): number;
    jDelete(filename: string, syncDir: number): number;
    jAccess(filename: string, flags: number, pResOut: DataView): number;
  }
}

/** Workers' synchronous Blob reader (not in TypeScript's DOM library). */
declare class FileReaderSync {
  readAsArrayBuffer(blob: Blob): ArrayBuffer;
}

/** wa-sqlite's synchronous Emscripten build: a factory of the module (typed loosely: sqlite.ts wraps what it uses). */
declare module "@journeyapps/wa-sqlite/dist/wa-sqlite.mjs" {
  export default function ModuleFactory(config?: object): Promise<any>;
}
