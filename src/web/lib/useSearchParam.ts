import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * The query string as page state (selected tab, plan, as-of date…), so a view can be shared by its URL.
 * `setParam` sets one parameter (or removes it when empty) and replaces the history entry.
 * @example const [params, setParam] = useSearchParam(); setParam('tab', 'rules'); // ?tab=rules
 */
export function useSearchParam(): [
  URLSearchParams,
  (name: string, value: string | null | undefined) => void,
] {
  const [params, setParams] = useSearchParams();
  const setParam = useCallback(
    (name: string, value: string | null | undefined) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          if (value) next.set(name, value);
          else next.delete(name);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return [params, setParam];
}
