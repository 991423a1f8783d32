import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../../services/context.ts';
import {
  createChildTenant,
  createDepartment,
  createLeader,
  createUser,
  getDepartments,
  getLeaders,
  listTenantTree,
  listUsers,
  updateDepartment,
  updateLeader,
  updateUser,
} from '../../services/directory.ts';
import { auditLog, checkAudit } from '../../services/audit.ts';
import type { Role } from '../../store/schema.ts';
import { actor } from '../auth.ts';
import { idParam, pageQuerySchema, slicePage, type PageQuery } from '../http.ts';
import {
  auditEntrySchema,
  auditVerificationSchema,
  departmentSchema,
  leaderSchema,
  pageOf,
  tenantSchema,
  userSchema,
} from '../schemas.ts';

const name = { type: 'string', minLength: 1, maxLength: 100 } as const;
const idOrNull = { anyOf: [{ type: 'string', minLength: 1, maxLength: 64 }, { type: 'null' }] } as const;
const role = { type: 'string', enum: ['admin', 'coordinator', 'leader', 'reporter'] } as const;
const version = { type: 'integer', minimum: 1 } as const;
const pageOnly = { type: 'object', additionalProperties: false, properties: { ...pageQuerySchema } } as const;

export function directoryRoutes(app: FastifyInstance, opts: { ctx: ServiceContext }): void {
  const { ctx } = opts;

  app.get<{ Querystring: PageQuery }>(
    '/tenants',
    {
      schema: {
        tags: ['admin'],
        summary: '本地区及下级地区 / my region and the regions below it',
        querystring: pageOnly,
        response: { 200: pageOf(tenantSchema) },
      },
    },
    async (request) => slicePage(await listTenantTree(ctx, actor(request)), request.query),
  );

  app.post<{ Body: { name: string; level: string; timezone?: string } }>(
    '/tenants',
    {
      schema: {
        tags: ['admin'],
        summary: '新建下级地区 / create a region below mine',
        response: { 201: tenantSchema },
        body: {
          type: 'object',
          required: ['name', 'level'],
          additionalProperties: false,
          properties: {
            name,
            level: { type: 'string', enum: ['province', 'city', 'county'] },
            timezone: name,
          },
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createChildTenant(ctx, actor(request), request.body)),
  );

  app.get<{ Querystring: PageQuery }>(
    '/departments',
    {
      schema: {
        tags: ['admin'],
        summary: '单位列表 / departments',
        querystring: pageOnly,
        response: { 200: pageOf(departmentSchema) },
      },
    },
    async (request) => slicePage(await getDepartments(ctx, actor(request)), request.query),
  );

  app.post<{ Body: { name: string; ord?: number } }>(
    '/departments',
    {
      schema: {
        tags: ['admin'],
        summary: '新建单位 / create a department',
        response: { 201: departmentSchema },
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: { name, ord: { type: 'integer', minimum: 0, maximum: 10_000 } },
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createDepartment(ctx, actor(request), request.body)),
  );

  app.put<{
    Params: { id: string };
    Body: { version: number; name?: string; ord?: number; active?: boolean };
  }>(
    '/departments/:id',
    {
      schema: {
        tags: ['admin'],
        summary: '修改或停用单位 / rename, reorder or deactivate a department',
        response: { 200: departmentSchema },
        params: idParam('id'),
        body: {
          type: 'object',
          required: ['version'],
          additionalProperties: false,
          properties: {
            version,
            name,
            ord: { type: 'integer', minimum: 0, maximum: 10_000 },
            active: { type: 'boolean' },
          },
        },
      },
    },
    async (request) => updateDepartment(ctx, actor(request), { ...request.body, id: request.params.id }),
  );

  app.get<{ Querystring: PageQuery }>(
    '/leaders',
    {
      schema: {
        tags: ['admin'],
        summary: '领导及分管 / leaders and portfolios',
        querystring: pageOnly,
        response: { 200: pageOf(leaderSchema) },
      },
    },
    async (request) => slicePage(await getLeaders(ctx, actor(request)), request.query),
  );

  const leaderProps = {
    name,
    title: name,
    portfolio: { type: 'string', maxLength: 1000 },
    departmentIds: { type: 'array', maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 64 } },
    ord: { type: 'integer', minimum: 0, maximum: 10_000 },
  } as const;

  app.post<{
    Body: { name: string; title: string; portfolio?: string; departmentIds?: string[]; ord?: number };
  }>(
    '/leaders',
    {
      schema: {
        tags: ['admin'],
        summary: '新建领导 / create a leader',
        response: { 201: leaderSchema },
        body: {
          type: 'object',
          required: ['name', 'title'],
          additionalProperties: false,
          properties: leaderProps,
        },
      },
    },
    async (request, reply) => reply.status(201).send(await createLeader(ctx, actor(request), request.body)),
  );

  app.put<{
    Params: { id: string };
    Body: {
      version: number;
      name?: string;
      title?: string;
      portfolio?: string;
      departmentIds?: string[];
      ord?: number;
      active?: boolean;
    };
  }>(
    '/leaders/:id',
    {
      schema: {
        tags: ['admin'],
        summary: '修改领导 / update a leader',
        response: { 200: leaderSchema },
        params: idParam('id'),
        body: {
          type: 'object',
          required: ['version'],
          additionalProperties: false,
          properties: { ...leaderProps, version, active: { type: 'boolean' } },
        },
      },
    },
    async (request) => updateLeader(ctx, actor(request), { ...request.body, id: request.params.id }),
  );

  app.get<{ Querystring: PageQuery }>(
    '/users',
    {
      schema: {
        tags: ['admin'],
        summary: '用户列表 / users',
        querystring: pageOnly,
        response: { 200: pageOf(userSchema) },
      },
    },
    async (request) => ({ ...(await listUsers(ctx, actor(request), request.query)), ...request.query }),
  );

  app.post<{
    Body: {
      username: string;
      displayName: string;
      role: Role;
      password: string;
      departmentId?: string | null;
      leaderId?: string | null;
    };
  }>(
    '/users',
    {
      schema: {
        tags: ['admin'],
        summary: '新建用户 / create a user (reporters need a department)',
        response: { 201: userSchema },
        body: {
          type: 'object',
          required: ['username', 'displayName', 'role', 'password'],
          additionalProperties: false,
          properties: {
            username: { type: 'string', minLength: 2, maxLength: 64 },
            displayName: name,
            role,
            password: { type: 'string', minLength: 8, maxLength: 256 },
            departmentId: idOrNull,
            leaderId: idOrNull,
          },
        },
      },
    },
    async (request, reply) => reply.status(201).send(await createUser(ctx, actor(request), request.body)),
  );

  app.put<{
    Params: { id: string };
    Body: {
      version: number;
      displayName?: string;
      role?: Role;
      departmentId?: string | null;
      leaderId?: string | null;
      password?: string;
      active?: boolean;
    };
  }>(
    '/users/:id',
    {
      schema: {
        tags: ['admin'],
        summary: '修改用户、重置密码或停用 / update, reset the password of, or disable a user',
        response: { 200: userSchema },
        params: idParam('id'),
        body: {
          type: 'object',
          required: ['version'],
          additionalProperties: false,
          properties: {
            version,
            displayName: name,
            role,
            departmentId: idOrNull,
            leaderId: idOrNull,
            password: { type: 'string', minLength: 8, maxLength: 256 },
            active: { type: 'boolean' },
          },
        },
      },
    },
    async (request) => updateUser(ctx, actor(request), { ...request.body, id: request.params.id }),
  );

  app.get<{ Querystring: PageQuery }>(
    '/audit',
    {
      schema: {
        tags: ['admin'],
        summary: '审计日志 / audit log of my region, newest first',
        response: { 200: pageOf(auditEntrySchema) },
        querystring: pageOnly,
      },
    },
    async (request) => ({ ...(await auditLog(ctx, actor(request), request.query)), ...request.query }),
  );

  app.get(
    '/audit/verify',
    {
      schema: {
        tags: ['admin'],
        summary: '校验审计链 / verify the audit hash chain',
        response: { 200: auditVerificationSchema },
      },
    },
    async (request) => checkAudit(ctx, actor(request)),
  );
}
