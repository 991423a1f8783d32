import fs from 'node:fs/promises';
import path from 'node:path';
import { readTenantRows, writeTenantRows, TENANT_TABLES, type TenantRows } from '../store/tenant-export.ts';
import { listTenants } from '../store/tenant-repository.ts';
import { inTransaction, systemActor, type ServiceContext } from './context.ts';
import { AppError, invalid, notFound } from './errors.ts';

export const EXPORT_FORMAT = 'luoshi-tenant';
export const EXPORT_VERSION = 1;

export type TenantExport = {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  tenantId: string;
  /** The tenant's rows, table by table, exactly as stored (ids, versions, spans, hashes). */
  data: TenantRows;
  /** Attachment bytes by attachment id, base64. */
  files: Record<string, string>;
  /** Uploaded report files by report id, base64. */
  reportFiles: Record<string, string>;
};

/** Find a tenant by id or by name. */
export async function findTenant(ctx: ServiceContext, idOrName: string): Promise<string> {
  const all = await listTenants(ctx.store.db);
  const hit = all.find((t) => t.id === idOrName) ?? all.find((t) => t.name === idOrName);
  if (!hit) throw notFound(`地区「${idOrName}」`, `Tenant "${idOrName}"`);
  return hit.id;
}

/**
 * A whole tenant as JSON: every row of its tables plus its attachment files. `importTenantData`
 * restores it losslessly into another database (SQLite or PostgreSQL).
 * @example exportTenantData(ctx, '许昌市') -> { format: 'luoshi-tenant', version: 1, data: { tables: { plans: [...] } }, … }
 */
export async function exportTenantData(ctx: ServiceContext, idOrName: string): Promise<TenantExport> {
  const tenantId = await findTenant(ctx, idOrName);
  const data = await readTenantRows(ctx.store.db, tenantId);
  const files: Record<string, string> = {};
  for (const a of data.tables.attachments) {
    const bytes = await fs.readFile(path.join(ctx.attachmentsDir, a.storage_path)).catch(() => null);
    if (bytes) files[a.id] = bytes.toString('base64');
  }
  const reportFiles: Record<string, string> = {};
  for (const r of data.tables.reports) {
    if (!r.storage_path) continue;
    const bytes = await fs.readFile(path.join(ctx.reportsDir, r.storage_path)).catch(() => null);
    if (bytes) reportFiles[r.id] = bytes.toString('base64');
  }
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: ctx.now().toISOString(),
    tenantId,
    data,
    files,
    reportFiles,
  };
}

function assertExport(value: unknown): asserts value is TenantExport {
  const v = value as Partial<TenantExport> | null;
  if (
    v === null ||
    typeof v !== 'object' ||
    v.format !== EXPORT_FORMAT ||
    v.version !== EXPORT_VERSION ||
    typeof v.tenantId !== 'string' ||
    typeof v.data !== 'object' ||
    !Array.isArray(v.data.tenants) ||
    typeof v.data.tables !== 'object' ||
    // A table added after the file was written is absent and reads as empty; a present one must be a list.
    TENANT_TABLES.some((t) => v.data?.tables[t] !== undefined && !Array.isArray(v.data.tables[t]))
  ) {
    throw invalid(
      '不是落实的地区导出文件（格式或版本不符）',
      'Not a Luoshi tenant export (format or version mismatch)',
    );
  }
}

/**
 * Import a tenant exported by `exportTenantData` into this database, in one transaction with one
 * audit entry. Refused (409, nothing written) when the tenant or one of its usernames exists here.
 */
export async function importTenantData(
  ctx: ServiceContext,
  value: unknown,
): Promise<{ tenantId: string; rows: number }> {
  assertExport(value);
  const exported = value;
  for (const t of TENANT_TABLES) {
    (exported.data.tables as Record<string, unknown[] | undefined>)[t] ??= [];
  }
  const rows = TENANT_TABLES.reduce((n, t) => n + exported.data.tables[t].length, 0);
  await inTransaction(ctx, systemActor(exported.tenantId), async (trx, audit) => {
    const exists = await trx
      .selectFrom('tenants')
      .select('id')
      .where('id', '=', exported.tenantId)
      .executeTakeFirst();
    if (exists) {
      throw new AppError(
        409,
        'duplicate',
        '该地区已存在于此数据库',
        'This tenant exists in the database already',
      );
    }
    const names = exported.data.tables.users.map((u) => u.username);
    if (names.length > 0) {
      const taken = await trx.selectFrom('users').select('username').where('username', 'in', names).execute();
      if (taken.length > 0) {
        throw new AppError(
          409,
          'duplicate',
          `用户名已被占用：${taken.map((t) => t.username).join('、')}`,
          `Usernames taken: ${taken.map((t) => t.username).join(', ')}`,
        );
      }
    }
    await writeTenantRows(trx, exported.data);
    for (const a of exported.data.tables.attachments) {
      const content = exported.files[a.id];
      if (content === undefined) continue;
      const target = path.join(ctx.attachmentsDir, a.storage_path);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, Buffer.from(content, 'base64'));
    }
    for (const r of exported.data.tables.reports) {
      const content = exported.reportFiles?.[r.id];
      if (content === undefined || !r.storage_path) continue;
      const target = path.join(ctx.reportsDir, r.storage_path);
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, Buffer.from(content, 'base64'));
    }
    await audit({
      action: 'tenant.import',
      entityType: 'tenant',
      entityId: exported.tenantId,
      after: { rows, exportedAt: exported.exportedAt },
    });
  });
  return { tenantId: exported.tenantId, rows };
}
