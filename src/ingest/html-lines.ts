import { NodeType } from 'node-html-parser';
import type { HTMLElement, Node } from 'node-html-parser';

/** Tags that end the current line before and after their content. */
const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'html',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'tfoot',
  'thead',
  'ul',
]);

/** Tags whose content is never reading text. */
const SKIPPED_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'title',
  'iframe',
  'object',
  'svg',
]);

/**
 * Renders an element as lines of text: block elements and `<br>` break lines, a table row becomes one
 * line with its cells joined by a tab, whitespace inside a line collapses, lines are trimmed and empty
 * ones dropped. Entities are decoded by node-html-parser's `text`.
 *
 * @example elementToLines(parse('<p>一、总体要求</p><table><tr><td>指标</td><td>6%</td></tr></table>'))
 *   -> ['一、总体要求', '指标\t6%']
 */
export function elementToLines(root: Node): string[] {
  const out: string[] = [];
  let current = '';
  let inPre = 0;

  const flush = (): void => {
    const line = collapse(current);
    if (line !== '') {
      out.push(line);
    }
    current = '';
  };

  const visit = (node: Node): void => {
    if (node.nodeType === NodeType.TEXT_NODE) {
      const text = node.text;
      if (inPre > 0 && text.includes('\n')) {
        const parts = text.split(/\r\n?|\n/);
        parts.forEach((part, i) => {
          if (i > 0) {
            flush();
          }
          current += part;
        });
      } else {
        current += text;
      }
      return;
    }
    if (node.nodeType !== NodeType.ELEMENT_NODE) {
      return;
    }
    const element = node as HTMLElement;
    const tag = element.rawTagName ? element.rawTagName.toLowerCase() : '';
    if (SKIPPED_TAGS.has(tag)) {
      return;
    }
    if (tag === 'br') {
      flush();
      return;
    }
    if (tag === 'tr') {
      flush();
      const cells = element.childNodes
        .filter((child): child is HTMLElement => isElement(child, 'td') || isElement(child, 'th'))
        .map((cell) => elementToLines(cell).join(' '));
      if (cells.some((cell) => cell !== '')) {
        out.push(cells.join('\t'));
      }
      return;
    }
    // A tag-less root (the parser's document node) has no name and behaves like a block.
    const block = tag === '' || BLOCK_TAGS.has(tag);
    if (block) {
      flush();
    }
    if (tag === 'pre') {
      inPre++;
    }
    for (const child of element.childNodes) {
      visit(child);
    }
    if (tag === 'pre') {
      inPre--;
    }
    if (block) {
      flush();
    }
  };

  visit(root);
  flush();
  return out;
}

/** @example isElement(parse('<td>x</td>').firstChild, 'td') -> true */
export function isElement(node: Node, tag?: string): node is HTMLElement {
  return (
    node.nodeType === NodeType.ELEMENT_NODE && (tag === undefined || node.rawTagName.toLowerCase() === tag)
  );
}

/**
 * A source line break between two Chinese characters is not a space (CSS Text 3 segment break
 * rules): hand-written HTML wraps long Chinese paragraphs anywhere.
 */
const CJK_WIDE = '\u2018-\u201f\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef';
const CJK_SEGMENT_BREAK = new RegExp(`([${CJK_WIDE}])[ \\t]*[\\r\\n][ \\t\\r\\n]*(?=[${CJK_WIDE}])`, 'g');

/**
 * Collapses runs of HTML whitespace (and no-break spaces) to one space and trims the line, including
 * the full-width spaces Chinese pages use as a first-line indent. A full-width space inside a line is
 * kept: it is often deliberate ("国务院总理\u3000李\u3000强").
 */
export function collapse(line: string): string {
  return line
    .replace(CJK_SEGMENT_BREAK, '$1')
    .replace(/[ \t\n\r\f\u00a0]+/g, ' ')
    .trim();
}
