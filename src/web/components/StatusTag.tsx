import { Tag, Tooltip } from 'antd';
import type { Status, StatusLevel } from '../api/types.ts';
import { useI18n } from '../i18n/I18n.tsx';
import { STATUS_TAG_COLOR, statusLabel } from '../lib/format.ts';

/** A status tag; the reason shows on hover/focus, or inline with `showReason`. */
export function StatusTag({
  status,
  showReason,
}: {
  status: Status | { level: StatusLevel; reason?: string };
  showReason?: boolean;
}) {
  const { t } = useI18n();
  const tag = (
    <Tag color={STATUS_TAG_COLOR[status.level]} data-status={status.level} style={{ marginInlineEnd: 0 }}>
      {statusLabel(t, status.level)}
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
      <span tabIndex={0} aria-label={`${statusLabel(t, status.level)}：${status.reason}`}>
        {tag}
      </span>
    </Tooltip>
  ) : (
    tag
  );
}
