/**
 * Inflates a stream with DecompressionStream, feeding it one piece at a time as its output is read. Node 20's
 * DecompressionStream takes every write at once (no backpressure on its writable side): piped into it, a source is
 * read to its end ahead of the reader, so a 200 MB deflate stream sat whole in memory after the first read (measured)
 * and a reader that stops early (a tar whose wanted members are behind it) still read the whole file. Here at most one
 * input piece is in the inflater at a time; with pieces of 32 KiB that bounds what waits in it to ~33 MB (deflate's
 * ~1032:1).
 */

/** `src` inflated; `src`'s chunks should already be small pieces (the zip reader's 32 KiB). */
export function inflateStream(src: ReadableStream<Uint8Array>, format: "deflate" | "deflate-raw"): ReadableStream<Uint8Array> {
  const inflater = new DecompressionStream(format) as unknown as TransformStream<Uint8Array, Uint8Array>;
  const writer = inflater.writable.getWriter();
  const reader = inflater.readable.getReader();
  const input = src.getReader();
  let reading: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
  let writing: Promise<void> | undefined;
  let inputDone = false;
  const feed = async (): Promise<void> => {
    const r = await input.read();
    if (r.done) {
      inputDone = true;
      await writer.close();
    } else await writer.write(r.value);
  };
  const quiet = <T>(p: Promise<T>): Promise<T> => (p.catch(() => undefined), p); // settled later: no unhandled rejection
  return new ReadableStream<Uint8Array>(
    {
      async pull(ctl) {
        for (;;) {
          reading ??= quiet(reader.read());
          if (!writing && !inputDone) writing = quiet(feed());
          const next = await Promise.race([reading.then((r) => ({ r })), ...(writing ? [writing.then(() => ({ r: undefined }))] : [])]);
          if (next.r === undefined) {
            writing = undefined; // that piece is in: the next one goes in only if no output came of it yet
            continue;
          }
          reading = undefined;
          if (next.r.done) return ctl.close();
          return ctl.enqueue(next.r.value);
        }
      },
      async cancel(reason) {
        await Promise.allSettled([input.cancel(reason), reader.cancel(reason), writer.abort(reason)]);
      },
    },
    { highWaterMark: 0 },
  );
}
