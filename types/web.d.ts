// The web-standard globals mailtls library code may use, declared by hand. Library packages
// compile with lib es2022 and no ambient types, so anything not listed here (Node's Buffer,
// process, require, DOM-only APIs) is a compile error. Add a declaration only for an API that
// Node >= 20.19, Deno, Bun, browsers and workers all provide.

interface TextDecoderOptions {
  fatal?: boolean;
  ignoreBOM?: boolean;
}
declare class TextDecoder {
  constructor(label?: string, options?: TextDecoderOptions);
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}

// --- Streams and compression (WHATWG Streams, Compression Streams): @mailtls/tlsrpt ---
interface ReadableStreamReadResult<T> {
  done: boolean;
  value?: T;
}
interface ReadableStreamDefaultReader<R = unknown> {
  read(): Promise<ReadableStreamReadResult<R>>;
  cancel(reason?: unknown): Promise<void>;
  releaseLock(): void;
}
interface ReadableStreamDefaultController<R = unknown> {
  enqueue(chunk: R): void;
  close(): void;
  error(e?: unknown): void;
}
interface ReadableStream<R = unknown> {
  getReader(): ReadableStreamDefaultReader<R>;
  pipeThrough<T>(transform: { writable: WritableStream<R>; readable: ReadableStream<T> }): ReadableStream<T>;
  cancel(reason?: unknown): Promise<void>;
}
declare var ReadableStream: {
  prototype: ReadableStream;
  new <R = unknown>(source?: {
    start?(controller: ReadableStreamDefaultController<R>): void | Promise<void>;
    pull?(controller: ReadableStreamDefaultController<R>): void | Promise<void>;
    cancel?(reason?: unknown): void | Promise<void>;
  }): ReadableStream<R>;
};
interface WritableStreamDefaultWriter<W = unknown> {
  readonly ready: Promise<void>;
  write(chunk: W): Promise<void>;
  close(): Promise<void>;
  abort(reason?: unknown): Promise<void>;
  releaseLock(): void;
}
interface WritableStream<W = unknown> {
  getWriter(): WritableStreamDefaultWriter<W>;
}
type CompressionFormat = 'gzip' | 'deflate' | 'deflate-raw';
declare class DecompressionStream {
  constructor(format: CompressionFormat);
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
}
declare class CompressionStream {
  constructor(format: CompressionFormat);
  readonly readable: ReadableStream<Uint8Array>;
  readonly writable: WritableStream<Uint8Array>;
}
