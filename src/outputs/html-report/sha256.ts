/**
 * SHA-256 of a UTF-8 string, synchronous (FIPS 180-4): the report's Content-Security-Policy names its inline
 * style and script by hash, and renderReport() stays synchronous in Node and in a browser worker, where
 * crypto.subtle is async only.
 */
import { Sha256 } from "../../core/sha256.ts";

/** The 32-byte digest. */
export function sha256(text: string): Uint8Array {
  return new Sha256().update(new TextEncoder().encode(text)).digest();
}

/** The CSP source for an inline element: 'sha256-<base64>'. */
export function cspHash(text: string): string {
  let bin = "";
  for (const b of sha256(text)) bin += String.fromCharCode(b);
  return `'sha256-${btoa(bin)}'`;
}
