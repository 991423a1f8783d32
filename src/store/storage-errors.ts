// Storage conditions that are not the request's fault and pass when an operator clears them: the database or
// the data directory read-only, the disk full, the database unreachable. The server answers these with 503
// and a clear message instead of a 500; nothing was written, because every write runs in one transaction and
// files are removed when a write fails.

export type StorageFailureReason = 'read-only' | 'disk-full' | 'unavailable';

export type StorageFailure = {
  reason: StorageFailureReason;
  /** The driver's or the system's code, for the log (SQLITE_FULL, 53100, ENOSPC, …). */
  code: string;
};

/** Node `fs` error codes of a read-only or full file system (attachments, uploaded reports). */
const FS_CODES: Record<string, StorageFailureReason> = {
  EROFS: 'read-only',
  EACCES: 'read-only',
  EPERM: 'read-only',
  ENOSPC: 'disk-full',
  EDQUOT: 'disk-full',
  EFBIG: 'disk-full',
  EIO: 'unavailable',
};

/** Network errors of the PostgreSQL connection. */
const NET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);

function sqliteReason(code: string): StorageFailureReason | null {
  if (code.startsWith('SQLITE_READONLY')) return 'read-only';
  if (code === 'SQLITE_FULL') return 'disk-full';
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) return 'unavailable';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'unavailable';
  return null;
}

/** PostgreSQL SQLSTATE codes. */
function postgresReason(code: string): StorageFailureReason | null {
  if (code === '25006') return 'read-only'; // read_only_sql_transaction
  if (code === '53100') return 'disk-full'; // disk_full
  if (code.startsWith('53')) return 'unavailable'; // insufficient resources: memory, connections
  if (code.startsWith('54')) return 'unavailable'; // program limit exceeded
  if (code.startsWith('08')) return 'unavailable'; // connection exception
  if (code === '57P01' || code === '57P02' || code === '57P03') return 'unavailable'; // shutdown, starting up
  if (code === '58030') return 'unavailable'; // io_error
  return null;
}

/** Messages of `pg` when the connection drops or cannot be made (these errors carry no code). */
const PG_CONNECTION_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection is closed|Cannot use a pool after calling end/i;

/**
 * Whether an error is a storage condition (read-only, disk full, database unreachable), and which.
 * Looks through `cause` and AggregateError members (pg reports a refused connection to every address).
 * @example storageFailure(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })) -> { reason: 'disk-full', code: 'SQLITE_FULL' }
 */
export function storageFailure(error: unknown, depth = 0): StorageFailure | null {
  if (error === null || typeof error !== 'object' || depth > 4) return null;
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (code !== '') {
    const reason = code.startsWith('SQLITE_')
      ? sqliteReason(code)
      : /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('E')
        ? postgresReason(code)
        : (FS_CODES[code] ?? (NET_CODES.has(code) ? 'unavailable' : null));
    if (reason !== null) return { reason, code };
  }
  if (typeof e.message === 'string' && PG_CONNECTION_MESSAGE.test(e.message)) {
    return { reason: 'unavailable', code: code || 'connection' };
  }
  if (Array.isArray(e.errors)) {
    for (const inner of e.errors) {
      const found = storageFailure(inner, depth + 1);
      if (found) return found;
    }
  }
  return e.cause === undefined ? null : storageFailure(e.cause, depth + 1);
}
