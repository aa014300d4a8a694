// Headless Chromium for the browser legs (the runtime matrix and the docs e2e): Debian's build,
// driven by playwright-core, which downloads nothing. Without the background-networking flags
// Chromium keeps dialling Google's hosts, which this machine's closed network refuses.

/** The browser binary: MAILTLS_CHROMIUM (or CHROMIUM_PATH), else Debian's /usr/bin/chromium. */
export const CHROMIUM_PATH = process.env.MAILTLS_CHROMIUM ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Launch flags proven on this machine kind (../shared/TOOLCHAIN.md, "Browser tests"). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
