import path from 'node:path';

/** Everything the server, the CLI and the store need from the environment, validated once. */
export type Config = {
  port: number;
  host: string;
  /** PostgreSQL when set; otherwise SQLite at `sqlitePath`. */
  databaseUrl: string | null;
  /** PostgreSQL schema to use (tests use one per file); null means the server default (public). */
  databaseSchema: string | null;
  dataDir: string;
  sqlitePath: string;
  attachmentsDir: string;
  /** Uploaded report files. */
  reportsDir: string;
  demoPassword: string;
  maxUploadBytes: number;
  sessionTtlHours: number;
  /** Mark the session cookie `Secure` (behind HTTPS). */
  secureCookies: boolean;
  seedDemo: boolean;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (login throttling per address). */
  trustProxy: boolean;
};

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`配置有误 / invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type Env = Record<string, string | undefined>;

function readInt(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name}=${raw}: 应为 ${min}–${max} 之间的整数 / must be an integer from ${min} to ${max}`);
    return fallback;
  }
  return value;
}

function readBool(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  problems.push(`${name}=${raw}: 应为 true 或 false / must be true or false`);
  return fallback;
}

/**
 * Read and validate the whole environment; the only reader of `process.env` in the project.
 * Lists every problem at once in one ConfigError.
 * @example loadConfig({ PORT: '8080' }).port -> 8080
 */
export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const port = readInt(env, 'PORT', 3000, 1, 65535, problems);
  const host = env.HOST?.trim() || '0.0.0.0';
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL: 应以 postgres:// 开头 / must start with postgres://');
  }
  const databaseSchema = env.LUOSHI_DB_SCHEMA?.trim() || null;
  if (databaseSchema !== null && !/^[a-z_][a-z0-9_]{0,62}$/.test(databaseSchema)) {
    problems.push('LUOSHI_DB_SCHEMA: 只能包含小写字母、数字和下划线 / lower-case letters, digits and _ only');
  }
  const dataDir = path.resolve(env.LUOSHI_DATA_DIR?.trim() || './data');
  const demoPassword = env.LUOSHI_DEMO_PASSWORD ?? 'luoshi-demo';
  if (demoPassword.length < 8) {
    problems.push('LUOSHI_DEMO_PASSWORD: 至少 8 个字符 / at least 8 characters');
  }
  const maxUploadBytes = readInt(
    env,
    'LUOSHI_MAX_UPLOAD_BYTES',
    20 * 1024 * 1024,
    1024,
    1024 * 1024 * 1024,
    problems,
  );
  const sessionTtlHours = readInt(env, 'LUOSHI_SESSION_TTL_HOURS', 12, 1, 24 * 90, problems);
  const secureCookies = readBool(env, 'LUOSHI_SECURE_COOKIES', false, problems);
  const seedDemo = readBool(env, 'LUOSHI_SEED_DEMO', true, problems);
  const trustProxy = readBool(env, 'LUOSHI_TRUST_PROXY', false, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    databaseUrl,
    databaseSchema,
    dataDir,
    sqlitePath: path.join(dataDir, 'luoshi.db'),
    attachmentsDir: path.join(dataDir, 'attachments'),
    reportsDir: path.join(dataDir, 'reports'),
    demoPassword,
    maxUploadBytes,
    sessionTtlHours,
    secureCookies,
    seedDemo,
    trustProxy,
  };
}
