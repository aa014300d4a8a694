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
