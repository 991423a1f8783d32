import type { Page } from './types.ts';

/** An error answered by the API (`{ error: { code, message } }`) or a network failure (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

let csrfToken: string | null = null;
let language: 'zh-CN' | 'en' = 'zh-CN';
let onUnauthorized: (() => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}
export function setApiLanguage(lang: 'zh-CN' | 'en'): void {
  language = lang;
}
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

type Query = Record<string, string | number | boolean | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = { 'accept-language': language === 'en' ? 'en' : 'zh-CN' };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) {
    payload = body;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(`/api/v1${withQuery(path, query)}`, {
      method,
      headers,
      body: payload,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(
      0,
      'network',
      language === 'en' ? 'Cannot reach the server' : '无法连接服务器，请检查网络后重试',
    );
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text) as unknown;
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    const err = (data as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    if (res.status === 401 && onUnauthorized && !path.startsWith('/auth/')) onUnauthorized();
    throw new ApiError(
      res.status,
      err?.code ?? 'http-' + String(res.status),
      err?.message ?? (language === 'en' ? `Request failed (${res.status})` : `请求失败（${res.status}）`),
      err?.details,
    );
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query): Promise<T> => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown, query?: Query): Promise<T> =>
    request<T>('POST', path, body ?? {}, query),
  put: <T>(path: string, body: unknown): Promise<T> => request<T>('PUT', path, body),
  delete: <T>(path: string, query?: Query): Promise<T> => request<T>('DELETE', path, undefined, query),
  upload: <T>(path: string, file: File, query?: Query): Promise<T> => {
    const form = new FormData();
    form.append('file', file);
    return request<T>('POST', path, form, query);
  },
};

/** Fetch every page of a paged list (the API caps `limit` at 200). */
export async function getAll<T>(path: string, query?: Query): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; ; offset += 200) {
    const page = await api.get<Page<T>>(path, { ...query, limit: 200, offset });
    out.push(...page.items);
    if (page.items.length < 200 || out.length >= page.total) return out;
  }
}
