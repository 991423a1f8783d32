import { Tag, Tooltip } from 'antd';
import type { Status, StatusLevel } from '../api/types.ts';
import { useI18n } from '../i18n/I18n.tsx';
import { STATUS_TAG_COLOR } from '../lib/format.ts';
import { DISPLAY_COLOR, displayLabel, displayLevel } from '../lib/status.ts';

/** A status tag; the reason shows on hover/focus, or inline with `showReason`. */
export function StatusTag({
  status,
  showReason,
}: {
  status: Status | { level: StatusLevel; reason?: string; final?: 'met' | 'missed' };
  showReason?: boolean;
}) {
  const { t } = useI18n();
  // A goal missed at its deadline (or the plan year's end) is final: 未完成, not 严重滞后.
  const shown = displayLevel(status);
  const label = displayLabel(t, shown);
  const tag = (
    <Tag
      color={shown === 'missed' ? DISPLAY_COLOR.missed : STATUS_TAG_COLOR[status.level]}
      data-status={status.level}
      data-final={status.final}
      style={{ marginInlineEnd: 0 }}
    >
      {label}
    </Tag>
  );
  if (showReason) {
    return (
      <span className="status-with-reason">
        {tag}
        {status.reason ? <span className="status-reason">{status.reason}</span> : null}
      </span>
    );
  }
  return status.reason ? (
    <Tooltip title={status.reason}>
      <span tabIndex={0} aria-label={`${label}：${status.reason}`}>
        {tag}
      </span>
    </Tooltip>
  ) : (
    tag
  );
}
