import { splitBySpans, type Mark } from '../lib/segments.ts';

/**
 * Text with some spans highlighted, built from React text nodes only: whatever the text contains
 * (`<script>`, `<img onerror>`) shows as characters. Each segment carries its offset in the source
 * (`data-start`) so a selection can be mapped back to the text.
 */
export function MarkedText({
  text,
  marks,
  from = 0,
  to = text.length,
  activeId,
  onMarkClick,
  classFor,
}: {
  text: string;
  marks: Mark[];
  from?: number;
  to?: number;
  activeId?: string | null;
  onMarkClick?: (id: string) => void;
  classFor?: (id: string) => string;
}) {
  const segments = splitBySpans(text, marks, from, to);
  return (
    <>
      {segments.map((s) => {
        if (s.markId === null) {
          return (
            <span key={s.start} data-start={s.start}>
              {s.text}
            </span>
          );
        }
        const id = s.markId;
        return (
          <mark
            key={s.start}
            data-start={s.start}
            data-mark-id={id}
            id={`mark-${id}`}
            className={`${classFor ? classFor(id) : 'target-mark'}${id === activeId ? ' active' : ''}`}
            tabIndex={onMarkClick ? 0 : undefined}
            role={onMarkClick ? 'button' : undefined}
            onClick={onMarkClick ? () => onMarkClick(id) : undefined}
            onKeyDown={
              onMarkClick
                ? (e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      onMarkClick(id);
                    }
                  }
                : undefined
            }
          >
            {s.text}
          </mark>
        );
      })}
    </>
  );
}
