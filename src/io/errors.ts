/**
 * Every problem with a checkpoint a user hands us (a file, a URL, a config) is a `LoadError`
 * whose message says what is wrong and where, so the UI can show it as is.
 */
export class LoadError extends Error {
  constructor(
    message: string,
    /** The file the problem is in (`model.safetensors`, `config.json`, a URL), when known. */
    readonly file?: string,
  ) {
    super(file === undefined ? message : `${file}: ${message}`);
    this.name = 'LoadError';
  }
}
