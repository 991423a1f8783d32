import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, List, Result, Row, Space, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, ApiError } from '../../api/client.ts';
import type { ImportResult } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n } from '../../i18n/I18n.tsx';

type Diff = {
  existingPlanId: string;
  existingState: string;
  addedTasks: string[];
  removedTasks: string[];
  addedTargets: string[];
  removedTargets: string[];
};

const isDiff = (d: unknown): d is Diff =>
  typeof d === 'object' && d !== null && 'existingPlanId' in d && 'addedTasks' in d;

/** Upload a report file; the server parses it into a draft plan. */
export function ImportPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [conflict, setConflict] = useState<{ diff: Diff; file: File } | null>(null);

  const upload = async (file: File, replace: boolean) => {
    setBusy(true);
    setError(null);
    setResult(null);
    setConflict(null);
    try {
      const r = await api.upload<ImportResult>('/reports', file, replace ? { replace: true } : undefined);
      setResult(r);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && isDiff(e.details))
        setConflict({ diff: e.details, file });
      else setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  };

  const diffList = (title: string, items: string[]) =>
    items.length > 0 ? (
      <List
        size="small"
        header={<strong>{`${title}（${items.length}）`}</strong>}
        dataSource={items.slice(0, 20)}
        renderItem={(x) => <List.Item className="user-text">{x}</List.Item>}
      />
    ) : null;

  return (
    <>
      <PageHeader
        crumbs={[{ title: t('menuPlans'), to: '/app/plans' }, { title: t('menuImport') }]}
        title={t('importTitle')}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card>
            <Upload.Dragger
              name="file"
              accept=".txt,.docx,.pdf,.html,.htm"
              multiple={false}
              showUploadList={false}
              disabled={busy}
              beforeUpload={(file) => {
                void upload(file, false);
                return false;
              }}
              data-testid="report-upload"
            >
              <p className="ant-upload-drag-icon">
                <InboxOutlined />
              </p>
              <p className="ant-upload-text">{busy ? t('importing') : t('importHint')}</p>
              <p className="ant-upload-hint">{t('importFormats')}</p>
            </Upload.Dragger>
            <Alert type="info" showIcon style={{ marginTop: 16 }} message={t('draftSavedNote')} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          {error ? <ErrorAlert error={error} /> : null}
          {conflict ? (
            <Card title={t('importConflict')}>
              <Typography.Paragraph type="secondary">{t('importConflictHint')}</Typography.Paragraph>
              {diffList(t('addedTasks'), conflict.diff.addedTasks)}
              {diffList(t('removedTasks'), conflict.diff.removedTasks)}
              {diffList(t('addedTargets'), conflict.diff.addedTargets)}
              {diffList(t('removedTargets'), conflict.diff.removedTargets)}
              <Space style={{ marginTop: 12 }}>
                <Button onClick={() => void navigate(`/app/plans/${conflict.diff.existingPlanId}/review`)}>
                  {t('openReview')}
                </Button>
                {conflict.diff.existingState === 'draft' ? (
                  <Button
                    type="primary"
                    danger
                    loading={busy}
                    onClick={() => void upload(conflict.file, true)}
                  >
                    {t('importReplace')}
                  </Button>
                ) : null}
              </Space>
            </Card>
          ) : null}
          {result ? (
            <Card>
              <Result
                status="success"
                title={result.created ? result.plan.title : t('importExisting')}
                subTitle={t('importDone', {
                  sections: result.counts.sections,
                  tasks: result.counts.tasks,
                  targets: result.counts.targets,
                })}
                extra={[
                  <Button
                    key="review"
                    type="primary"
                    onClick={() => void navigate(`/app/plans/${result.plan.id}/review`)}
                    data-testid="open-review"
                  >
                    {t('openReview')}
                  </Button>,
                  <Button key="assign" onClick={() => void navigate(`/app/plans/${result.plan.id}/assign`)}>
                    {t('openAssign')}
                  </Button>,
                ]}
              />
              <Descriptions size="small" column={2} bordered>
                <Descriptions.Item label={t('areas')}>{result.counts.sections}</Descriptions.Item>
                <Descriptions.Item label={t('tasks')}>{result.counts.tasks}</Descriptions.Item>
                <Descriptions.Item label={t('targets')}>{result.counts.targets}</Descriptions.Item>
                <Descriptions.Item label={t('parserProblems')}>{result.counts.problems}</Descriptions.Item>
              </Descriptions>
              {result.warnings.length > 0 ? (
                <Alert
                  style={{ marginTop: 12 }}
                  type="warning"
                  showIcon
                  message={
                    <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                      {result.warnings.map((w) => (
                        <li key={w}>{w}</li>
                      ))}
                    </ul>
                  }
                />
              ) : null}
            </Card>
          ) : null}
        </Col>
      </Row>
    </>
  );
}
