/** The command line's bundle (build-cli.mjs), as the tests use it. */
export const CLI_DIR: string;
export function buildCli(): Promise<string>;
/** Code with every character beyond ASCII written as a \u escape. */
export function asciiOnly(code: string): string;
