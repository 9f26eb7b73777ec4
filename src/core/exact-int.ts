/**
 * An integer beyond 2^53 (sms.db nanosecond dates, Chrome µs times) kept exact in a JSON-safe record: it
 * serializes as its digits (the JSON writer turns the marker into a bare number, as MVT/Python write it).
 */
export const EXACT_INT_MARK = "\u0000int:";

export class ExactInteger {
  constructor(readonly digits: string) {}
  toJSON(): string {
    return EXACT_INT_MARK + this.digits;
  }
  toString(): string {
    return this.digits;
  }
  valueOf(): number {
    return Number(this.digits);
  }
}

/** A bigint as a plain number when a double holds it exactly, else as an ExactInteger. */
export function exactInteger(v: bigint | string): number | ExactInteger {
  const b = typeof v === "bigint" ? v : BigInt(v);
  return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : new ExactInteger(b.toString());
}

/** A JSON.parse reviver that turns ExactInteger markers (from JSON.stringify of one) back into ExactIntegers. */
export function reviveExact(_key: string, v: unknown): unknown {
  return typeof v === "string" && v.startsWith(EXACT_INT_MARK) ? exactInteger(v.slice(EXACT_INT_MARK.length)) : v;
}
