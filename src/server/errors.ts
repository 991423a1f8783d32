import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../services/errors.ts';
import { storageFailure, type StorageFailureReason } from '../store/storage-errors.ts';

export { AppError };

export type ErrorBody = { error: { code: string; message: string; messageEn: string; details?: unknown } };

export function prefersEnglish(request: FastifyRequest): boolean {
  const lang = request.headers['accept-language'];
  return typeof lang === 'string' && /^\s*en\b/i.test(lang);
}

function body(request: FastifyRequest, e: AppError): ErrorBody {
  return {
    error: {
      code: e.code,
      message: prefersEnglish(request) ? e.messageEn : e.messageZh,
      messageEn: e.messageEn,
      ...(e.details === undefined ? {} : { details: e.details }),
    },
  };
}

const FASTIFY_CODES: Record<string, [number, string, string, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'too-large', '请求体过大', 'The request body is too large'],
  FST_REQ_FILE_TOO_LARGE: [413, 'too-large', '上传的文件过大', 'The uploaded file is too large'],
  FST_FILES_LIMIT: [413, 'too-many-files', '一次只能上传一个文件', 'Upload one file at a time'],
  FST_FIELDS_LIMIT: [413, 'too-many-fields', '表单字段过多', 'Too many form fields'],
  FST_PARTS_LIMIT: [413, 'too-many-fields', '表单字段过多', 'Too many form parts'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [
    415,
    'unsupported-media-type',
    '不支持的请求内容类型',
    'Unsupported content type',
  ],
  FST_INVALID_MULTIPART_CONTENT_TYPE: [
    415,
    'unsupported-media-type',
    '请以 multipart/form-data 上传文件',
    'Upload the file as multipart/form-data',
  ],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid-json', '请求体为空', 'The JSON body is empty'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'bad-request', '请求长度不正确', 'Invalid content length'],
};

const STORAGE_MESSAGES: Record<StorageFailureReason, [string, string]> = {
  'read-only': [
    '数据库当前为只读状态，本次操作未保存；已有数据不受影响，请稍后重试或联系系统管理员',
    'The database is read-only at the moment; nothing was saved and existing data is unaffected. Try again later or contact the administrator',
  ],
  'disk-full': [
    '存储空间已满，本次操作未保存；请联系系统管理员清理磁盘后重试',
    'The storage is full; nothing was saved. Ask the administrator to free disk space, then try again',
  ],
  unavailable: [
    '数据库暂时不可用，本次操作未保存，请稍后重试',
    'The database is unavailable at the moment; nothing was saved. Try again later',
  ],
};

/** One error handler for the whole API: `{ error: { code, message, messageEn } }`, no internals on 500. */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof AppError) {
    void reply.status(error.status).send(body(request, error));
    return;
  }
  const fe = error as FastifyError;
  if (fe.validation) {
    const detail =
      `${fe.validationContext ?? ''}${fe.validation[0]?.instancePath ?? ''} ${fe.validation[0]?.message ?? ''}`.trim();
    void reply
      .status(400)
      .send(
        body(
          request,
          new AppError(400, 'invalid-input', `请求参数不正确：${detail}`, `Invalid request: ${detail}`),
        ),
      );
    return;
  }
  const known = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (known) {
    void reply.status(known[0]).send(body(request, new AppError(...known)));
    return;
  }
  if (
    fe instanceof SyntaxError ||
    fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    (fe.statusCode === 400 && /JSON/.test(fe.message))
  ) {
    void reply
      .status(400)
      .send(
        body(
          request,
          new AppError(400, 'invalid-json', '请求体不是有效的 JSON', 'The body is not valid JSON'),
        ),
      );
    return;
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    void reply
      .status(fe.statusCode)
      .send(body(request, new AppError(fe.statusCode, 'bad-request', '请求无效', 'Bad request')));
    return;
  }
  const storage = storageFailure(error);
  if (storage) {
    // Read-only database, full disk, database unreachable: nothing was written; retry once it clears.
    request.log.error(
      { err: error, url: request.url, method: request.method, storage },
      'storage unavailable',
    );
    const [zh, en] = STORAGE_MESSAGES[storage.reason];
    void reply
      .status(503)
      .header('retry-after', '30')
      .send(body(request, new AppError(503, 'storage-unavailable', zh, en, { reason: storage.reason })));
    return;
  }
  request.log.error({ err: error, url: request.url, method: request.method }, 'unexpected error');
  void reply
    .status(500)
    .send(
      body(
        request,
        new AppError(
          500,
          'internal',
          '服务器内部错误，请稍后重试',
          'Internal server error; please try again later',
        ),
      ),
    );
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply): void {
  void reply
    .status(404)
    .send(body(request, new AppError(404, 'not-found', '请求的接口不存在', 'No such endpoint')));
}
