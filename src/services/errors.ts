/**
 * The one error type the services and the HTTP edge use for expected failures: a status, a stable
 * machine code and a message in Chinese and English.
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly messageZh: string;
  readonly messageEn: string;
  readonly details: unknown;
  constructor(status: number, code: string, messageZh: string, messageEn: string, details?: unknown) {
    super(messageEn);
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.messageZh = messageZh;
    this.messageEn = messageEn;
    this.details = details;
  }
}

export const notFound = (what: string, whatEn: string): AppError =>
  new AppError(404, 'not-found', `${what}不存在`, `${whatEn} not found`);

export const forbidden = (zh = '无权执行此操作', en = 'You may not do this'): AppError =>
  new AppError(403, 'forbidden', zh, en);

export const conflict = (
  zh = '数据已被他人修改，请刷新后重试',
  en = 'The data was changed by someone else; reload and try again',
  details?: unknown,
): AppError => new AppError(409, 'conflict', zh, en, details);

export const invalid = (zh: string, en: string, details?: unknown): AppError =>
  new AppError(400, 'invalid-input', zh, en, details);
