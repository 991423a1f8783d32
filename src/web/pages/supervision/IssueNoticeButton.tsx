import { AlertOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type { NoticeColor } from '../../api/supervision-types.ts';
import type { StatusLevel } from '../../api/types.ts';
import { useAuth } from '../../auth/Auth.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { IssueNoticeModal } from './IssueNoticeModal.tsx';

const COLOR_OF: Partial<Record<StatusLevel, NoticeColor>> = { red: 'yellow', yellow: 'yellow', grey: 'blue' };

/** "发督办单" on a task (coordinator only): the notice form prefilled with the task's status and reason. */
export function IssueNoticeButton({
  task,
}: {
  task: { id: string; title: string; status: { level: StatusLevel; reason: string } };
}) {
  const { t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  if (user?.role !== 'coordinator') return null;
  return (
    <>
      <Button icon={<AlertOutlined />} onClick={() => setOpen(true)} data-testid="issue-notice">
        {t('noticeIssue')}
      </Button>
      <IssueNoticeModal
        open={open}
        task={task}
        initial={{ color: COLOR_OF[task.status.level] ?? 'blue', reason: task.status.reason }}
        onClose={() => setOpen(false)}
        onIssued={(n) => {
          setOpen(false);
          void navigate(`/app/notices/${n.id}`);
        }}
      />
    </>
  );
}
