import type { Locale } from 'antd/es/locale/index.js';
import enUSModule from 'antd/es/locale/en_US.js';
import zhCNModule from 'antd/es/locale/zh_CN.js';

// antd's es/ files are ES modules in a package TypeScript reads as CommonJS: unwrap either shape.
const unwrap = (m: unknown): Locale =>
  (typeof m === 'object' && m !== null && 'default' in m ? (m as { default: Locale }).default : m) as Locale;

export const zhCN: Locale = unwrap(zhCNModule);
export const enUS: Locale = unwrap(enUSModule);
