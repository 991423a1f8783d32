import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { startProgress } from '../../src/cli/commands/progress-bar.ts';
import { seedDemo } from '../../src/services/seed.ts';
import { createStore, migrateToLatest } from '../../src/store/db.ts';
import { SAMPLE } from '../server/helpers.ts';

const BIN = path.resolve(import.meta.dirname, '../../bin/luoshi.mjs');

describe('CLI progress without a terminal', () => {
  it('prints plain lines: the start, one per tenth, and the end', () => {
    const lines: string[] = [];
    const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
    const bar = startProgress('导入分工表', 50, stream);
    for (let i = 1; i <= 50; i += 1) bar.update(i);
    bar.stop();
    expect(lines).toHaveLength(11);
    expect(lines.slice(0, 2)).toEqual(['导入分工表 1/50\n', '导入分工表 5/50\n']);
    expect(lines.at(-1)).toBe('导入分工表 50/50\n');
  });

  it('prints the end of a short job', () => {
    const lines: string[] = [];
    const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
    const bar = startProgress('导出', 3, stream);
    for (let i = 1; i <= 3; i += 1) bar.update(i);
    expect(lines).toEqual(['导出 1/3\n', '导出 2/3\n', '导出 3/3\n']);
  });
});

describe('luoshi export fengong / import-fengong', () => {
  it('exports to a file and refuses a bad row with exit 1 and the row in Chinese', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luoshi-cli-'));
    const store = createStore({
      databaseUrl: null,
      databaseSchema: null,
      sqlitePath: path.join(dir, 'luoshi.db'),
    });
    await migrateToLatest(store);
    await seedDemo(
      {
        store,
        now: () => new Date('2017-07-10T02:00:00Z'),
        attachmentsDir: path.join(dir, 'attachments'),
        reportsDir: path.join(dir, 'reports'),
        maxUploadBytes: 5 * 1024 * 1024,
      },
      {
        password: 'cli-password-1',
        sample: { bytes: fs.readFileSync(SAMPLE), fileName: 'xuchang-2017.txt' },
      },
    );
    await store.destroy();
    const env = { ...process.env, LUOSHI_DATA_DIR: dir, DATABASE_URL: '' };
    const luoshi = (...args: string[]) =>
      spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8', cwd: dir });
    const file = path.join(dir, 'fengong.xlsx');
    const exported = luoshi('export', 'fengong', '--out', file);
    expect(exported.status, exported.stderr).toBe(0);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    wb.worksheets[0]!.getCell('E4').value = '教育厅';
    await wb.xlsx.writeFile(file);
    const bad = luoshi('import-fengong', file);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('第4行：牵头单位「教育厅」不存在');
    expect(bad.stderr).toContain('未导入任何内容');
    expect(bad.stdout).toContain('共 50 行：新建 0，更新 0，不变 49；错误 1');
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
