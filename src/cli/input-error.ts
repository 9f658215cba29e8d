// A command's failure on what it was pointed at — a file missing or malformed, an output it cannot write —
// as opposed to how it was called (UsageError): printed with a hint that fits it, exit 2.

export class InputError extends Error {
  /** @param hint one line saying what to check or do, printed under the message. */
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/**
 * The error of opening `path` (for reading or writing) in a person's words, with a hint: the path, the
 * kind of thing at it, or its permissions.
 */
export function fileError(path: string, error: NodeJS.ErrnoException, verb: 'read' | 'write'): InputError {
  switch (error.code) {
    case 'ENOENT':
      return new InputError(
        `cannot ${verb} ${path}: no such ${verb === 'read' ? 'file' : 'folder'}`,
        verb === 'read'
          ? 'Check the path. To try filterby on sample rows: filterby sample --rows 1000 > usage.ndjson'
          : 'Check the path: the folder it names must exist.',
      );
    case 'EISDIR':
      return new InputError(`cannot ${verb} ${path}: it is a directory`, 'Give the path of a file.');
    case 'EACCES':
    case 'EPERM':
      return new InputError(`cannot ${verb} ${path}: permission denied`, "Check the file's permissions.");
    default:
      return new InputError(`cannot ${verb} ${path}: ${error.message}`, 'Check the path and the file.');
  }
}
