/**
 * Gathers an output file's many small writes (strings as UTF-8, bytes) into 1 MiB pieces: 10^6 records are not 10^6
 * arrays or 10^6 disk writes. Each piece is handed on while it is valid only during the call (the buffer is reused):
 * whoever keeps it copies it.
 */

/** Small writes are gathered into pieces of this size. */
export const PIECE = 1 << 20;

export interface PieceWriter {
  write(data: string | Uint8Array): void;
  /** Hands on what is gathered. */
  flush(): void;
}

export function pieceWriter(emit: (piece: Uint8Array) => void): PieceWriter {
  const encoder = new TextEncoder();
  const buf = new Uint8Array(PIECE);
  let at = 0;
  const flush = () => {
    if (at) emit(buf.subarray(0, at));
    at = 0;
  };
  return {
    write(data) {
      if (typeof data === "string" && data.length * 3 <= PIECE - at) {
        at += encoder.encodeInto(data, buf.subarray(at)).written; // UTF-8 takes at most 3 bytes per unit
        return;
      }
      const bytes = typeof data === "string" ? encoder.encode(data) : data;
      if (bytes.length > PIECE / 4) {
        flush();
        emit(bytes);
        return;
      }
      if (at + bytes.length > PIECE) flush();
      buf.set(bytes, at);
      at += bytes.length;
    },
    flush,
  };
}
