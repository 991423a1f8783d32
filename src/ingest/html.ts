import { parse } from 'node-html-parser';
import type { HTMLElement, Node } from 'node-html-parser';
import { decodeText } from './decode-text.ts';
import type { DecodedText } from './decode-text.ts';
import { elementToLines, isElement } from './html-lines.ts';

/** Never reading text, wherever they are. */
const ALWAYS_DROPPED = 'script, style, noscript, iframe, template, object, svg, select, button, textarea';
/** Page chrome; dropped unless it holds most of the page's text (ASP.NET wraps whole pages in a form). */
const CHROME = 'nav, header, footer, aside, form';
/** Where Chinese government and news sites put the article body. */
const ARTICLE_SELECTORS = [
  '#zoom',
  '#Zoom',
  '.zoom',
  '#fontzoom',
  '.TRS_Editor',
  '.trs_editor',
  '#UCAP-CONTENT',
  '.pages_content',
  '.article-content',
  '.article',
  'article',
  'main',
  '#content',
  '.content',
].join(', ');
/** Lines made only of page tools: 【字号 大 中 小】 打印本页 关闭窗口 … */
const TOOL_ONLY =
  /^(?:打印本页|打印|关闭窗口|关闭本页|关闭|返回顶部|返回|收藏本页|收藏|下载|全屏|分享|字号|默认|大|中|小|A\+|A-|[\s|｜:：·•/【】[\]()（）])+$/;
/** Short lines that open with a page-tool or metadata label. */
const TOOL_PREFIX =
  /^[【[（(]?\s*(?:分享到|责任编辑|字号|来源|信息来源|发布时间|发布日期|时间|浏览次数|阅读次数|访问次数|点击数|扫一扫|相关链接|相关报道|相关阅读|附件下载|上一篇|下一篇)\s*[:：】\]]/;
const TOOL_PREFIX_MAX_CHARS = 80;
/** Short lines that start with a page-tool phrase: 扫一扫在手机打开当前页, 打印本页 关闭窗口 … */
const TOOL_PHRASE =
  /^[【[]?(?:扫一扫|手机扫一扫|扫描二维码|用微信扫|我要纠错|网站纠错|打印本页|关闭窗口|返回顶部)/;
const TOOL_PHRASE_MAX_CHARS = 30;

/**
 * Extracts the article of a saved web page as one paragraph per line: decodes the bytes (BOM,
 * then valid UTF-8, then the page's declared charset, then GB18030), drops scripts, menus, headers
 * and footers, picks the main article, and removes page-tool lines such as 打印本页 or 责任编辑.
 * Returns `undefined` when the bytes cannot be decoded.
 *
 * @example readHtml(utf8('<div id="zoom"><p>各位代表：</p><p>现在…</p></div><p>关闭窗口</p>'))
 *   -> { text: '各位代表：\n现在…', encoding: 'utf-8', warnings: [] }
 */
export function readHtml(bytes: Uint8Array): DecodedText | undefined {
  const decoded = decodeHtml(bytes);
  if (!decoded) {
    return undefined;
  }
  const root = parse(decoded.text, { comment: false });
  for (const el of root.querySelectorAll(ALWAYS_DROPPED)) {
    el.remove();
  }
  const body = root.querySelector('body') ?? root;
  const counts = new Map<Node, number>();
  const total = countText(body, counts);
  for (const el of body.querySelectorAll(CHROME)) {
    if (countText(el, counts) <= total * 0.5) {
      el.remove();
    }
  }
  counts.clear();
  countText(body, counts);

  const main = pickArticle(body, counts);
  const lines = elementToLines(main).filter((line) => !isToolLine(line));
  const title = outsideTitle(body, main);
  if (title !== undefined && lines[0] !== title) {
    lines.unshift(title);
  }
  return { text: lines.join('\n'), encoding: decoded.encoding, warnings: decoded.warnings };
}

function decodeHtml(bytes: Uint8Array): DecodedText | undefined {
  const hasBom =
    (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) ||
    (bytes[0] === 0xff && bytes[1] === 0xfe) ||
    (bytes[0] === 0xfe && bytes[1] === 0xff);
  const declared = hasBom ? undefined : declaredCharset(bytes);
  // Valid multi-byte UTF-8 is almost never another encoding by accident, while pages that were
  // re-saved as UTF-8 often keep a stale "gb2312" meta tag; so bytes beat the label here.
  if (declared && declared !== 'utf-8' && !isValidUtf8WithNonAscii(bytes)) {
    try {
      const text = new TextDecoder(declared, { fatal: true }).decode(bytes);
      return { text, encoding: declared, warnings: [] };
    } catch {
      const fallback = decodeText(bytes);
      return fallback
        ? {
            ...fallback,
            warnings: [
              ...fallback.warnings,
              `网页声明的编码 ${declared} 与内容不符，已按 ${fallback.encoding} 读取 / ` +
                `The page declares ${declared} but is not; read as ${fallback.encoding}`,
            ],
          }
        : undefined;
    }
  }
  return decodeText(bytes);
}

function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 4096));
  const match =
    /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head) ??
    /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/i.exec(head);
  const label = match?.[1]?.toLowerCase();
  if (!label) {
    return undefined;
  }
  if (['gb2312', 'gbk', 'x-gbk', 'gb18030', 'cp936', 'windows-936', 'euc-cn'].includes(label)) {
    return 'gb18030';
  }
  try {
    const encoding = new TextDecoder(label).encoding;
    // A UTF-16 label in a byte stream that was readable as ASCII is wrong by definition (HTML spec).
    return encoding.startsWith('utf-16') ? 'utf-8' : encoding;
  } catch {
    return undefined;
  }
}

function isValidUtf8WithNonAscii(bytes: Uint8Array): boolean {
  if (!bytes.some((b) => b >= 0x80)) {
    return false;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

const HAN = /[\u3400-\u9fff]/g;
const HAS_HAN = /[\u3400-\u9fff]/;

/** Chinese characters under a node, not counting link text (menus and related-article lists). */
function countText(node: Node, counts: Map<Node, number>): number {
  const cached = counts.get(node);
  if (cached !== undefined) {
    return cached;
  }
  let n = 0;
  if (isElement(node)) {
    if (node.rawTagName.toLowerCase() !== 'a') {
      for (const child of node.childNodes) {
        n += countText(child, counts);
      }
    }
  } else {
    n = node.text.match(HAN)?.length ?? 0;
  }
  counts.set(node, n);
  return n;
}

/**
 * A known article container if it holds at least half the page's text; otherwise descend from the
 * body into whichever child holds 80 % of its parent's text, and stop where the text splits.
 */
function pickArticle(body: HTMLElement, counts: Map<Node, number>): HTMLElement {
  const total = counts.get(body) ?? 0;
  let best: HTMLElement | undefined;
  let bestCount = 0;
  for (const candidate of body.querySelectorAll(ARTICLE_SELECTORS)) {
    const n = countText(candidate, counts);
    // ">=" so that, of nested containers with the same text, the innermost wins.
    if (n > 0 && n >= bestCount) {
      best = candidate;
      bestCount = n;
    }
  }
  if (best && bestCount >= total * 0.5) {
    return best;
  }
  let node = body;
  for (;;) {
    const own = counts.get(node) ?? 0;
    const next = node.childNodes.find(
      (child): child is HTMLElement => isElement(child) && (counts.get(child) ?? 0) >= own * 0.8,
    );
    if (!next || own === 0) {
      return node;
    }
    node = next;
  }
}

/** The page's <h1> when it sits outside the chosen article: the report's title on most sites. */
function outsideTitle(body: HTMLElement, main: HTMLElement): string | undefined {
  const h1 = body.querySelector('h1');
  if (!h1 || main.querySelector('h1') || isInside(h1, main)) {
    return undefined;
  }
  const text = elementToLines(h1).join(' ');
  return HAS_HAN.test(text) && text.length <= 60 ? text : undefined;
}

function isInside(node: Node, ancestor: HTMLElement): boolean {
  for (let p: Node | null = node; p; p = p.parentNode) {
    if (p === ancestor) {
      return true;
    }
  }
  return false;
}

function isToolLine(line: string): boolean {
  return (
    TOOL_ONLY.test(line) ||
    (line.length <= TOOL_PREFIX_MAX_CHARS && TOOL_PREFIX.test(line)) ||
    (line.length <= TOOL_PHRASE_MAX_CHARS && TOOL_PHRASE.test(line))
  );
}
