/**
 * Web-stream plumbing: read a stream with a byte cap, gzip and gunzip with
 * CompressionStream / DecompressionStream (Node ≥ 18, Deno, Bun, browsers).
 * @module
 */

/** The outcome of reading a stream under a cap. */
export type ReadOutcome =
  | { readonly kind: 'ok'; readonly bytes: Uint8Array }
  | { readonly kind: 'limit'; readonly read: number }
  | { readonly kind: 'error'; readonly message: string };

/**
 * Reads `stream` to the end, or stops and cancels it as soon as more than `cap` bytes arrive, so
 * a decompression bomb costs at most `cap` plus one chunk of memory. A locked stream, a chunk that
 * is not a `Uint8Array` or a stream error is an `error` outcome, never a rejection.
 */
export async function readCapped(stream: ReadableStream<Uint8Array>, cap: number): Promise<ReadOutcome> {
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = stream.getReader();
  } catch (e) {
    return { kind: 'error', message: e instanceof Error ? e.message : 'unreadable stream' };
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (value === undefined) continue;
      if (!(value instanceof Uint8Array)) throw new TypeError('stream chunk is not a Uint8Array');
      total += value.length;
      if (total > cap) {
        await cancel(reader, 'size limit');
        return { kind: 'limit', read: total };
      }
      chunks.push(value);
    }
  } catch (e) {
    await cancel(reader, 'error');
    return { kind: 'error', message: e instanceof Error ? e.message : 'stream error' };
  }
  return { kind: 'ok', bytes: concat(chunks, total) };
}

/** Cancels a reader, ignoring how that fails (the outcome is already decided). */
async function cancel(reader: ReadableStreamDefaultReader<Uint8Array>, reason: string): Promise<void> {
  try {
    await reader.cancel(reason);
  } catch {
    // nothing more to do
  }
}

/** Joins chunks into one array. */
export function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Decompresses `bytes` (`gzip` or `deflate-raw`) with an output cap. */
export function inflateCapped(
  bytes: Uint8Array,
  format: 'gzip' | 'deflate-raw',
  cap: number,
): Promise<ReadOutcome> {
  const ds = new DecompressionStream(format);
  const writer = ds.writable.getWriter();
  // Write without awaiting: the readable side must be drained concurrently, or backpressure
  // would stall both. Write errors surface on the readable side too.
  writer
    .write(bytes as Uint8Array<ArrayBuffer>)
    .then(() => writer.close())
    .catch(() => undefined);
  return readCapped(ds.readable, cap);
}

/** Gzip-compresses `bytes`. */
export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const cs = new CompressionStream('gzip');
  const writer = cs.writable.getWriter();
  writer
    .write(bytes as Uint8Array<ArrayBuffer>)
    .then(() => writer.close())
    .catch(() => undefined);
  const out = await readCapped(cs.readable, Number.POSITIVE_INFINITY);
  if (out.kind !== 'ok') throw new Error('gzip failed');
  return out.bytes;
}
