import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has defaults: port 3000, SQLite under ./data', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, databaseUrl: null, sqlitePath: path.resolve('data/luoshi.db') });
  });
  it('reads PostgreSQL, the data dir and the demo password', () => {
    const c = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u@h/db',
      LUOSHI_DATA_DIR: '/tmp/x',
      LUOSHI_DEMO_PASSWORD: 'long-password',
    });
    expect(c).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://u@h/db',
      attachmentsDir: '/tmp/x/attachments',
      demoPassword: 'long-password',
    });
  });
  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'abc',
        DATABASE_URL: 'mysql://x',
        LUOSHI_DEMO_PASSWORD: 'short',
        LUOSHI_SECURE_COOKIES: 'maybe',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toHaveLength(4);
  });
});
