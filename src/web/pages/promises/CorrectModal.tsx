import { App, AutoComplete, Form, Input, InputNumber, Modal, Radio, Space } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { errorMessage } from '../../components/ErrorAlert.tsx';
import { useI18n } from '../../i18n/I18n.tsx';
import { verdictLabel } from './VerdictCounts.tsx';
import { VERDICTS, type PromiseItem, type PromiseVerdict } from './types.ts';

type OutcomeChoice = 'keep' | 'none' | 'other';

/** Correct one match: another outcome (a verbatim passage of the next report) or none, a verdict, a note. */
export function CorrectModal({
  planId,
  item,
  quotes,
  onClose,
  onSaved,
}: {
  planId: string;
  item: PromiseItem;
  /** Outcome passages already found in the next report, offered as choices. */
  quotes: string[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [verdict, setVerdict] = useState<PromiseVerdict>(item.verdict);
  const [choice, setChoice] = useState<OutcomeChoice>(item.outcome ? 'keep' : 'none');
  const [quote, setQuote] = useState('');
  const [value, setValue] = useState<number | null>(null);
  const [unit, setUnit] = useState(item.target.unit);
  const [note, setNote] = useState(item.note ?? '');
  const [busy, setBusy] = useState(false);

  const save = async () => {
    setBusy(true);
    try {
      await api.put(`/plans/${planId}/promises/matches/${item.id}`, {
        version: item.version ?? 1,
        action: 'correct',
        verdict,
        ...(choice === 'none' ? { outcome: null } : {}),
        ...(choice === 'other' ? { outcome: { quote: quote.trim(), value, unit: unit || null } } : {}),
        note: note.trim() || null,
      });
      message.success(t('saved'));
      onSaved();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('correctMatch')}
      width={720}
      onCancel={onClose}
      onOk={() => void save()}
      okText={t('save')}
      cancelText={t('cancel')}
      okButtonProps={{ loading: busy, disabled: choice === 'other' && quote.trim() === '' }}
    >
      <p className="user-text">「{item.target.quote}」</p>
      <Form layout="vertical">
        <Form.Item label={t('outcomeChoice')}>
          <Radio.Group value={choice} onChange={(e) => setChoice(e.target.value as OutcomeChoice)}>
            <Space direction="vertical">
              {item.outcome ? (
                <Radio value="keep">{t('outcomeKeep', { quote: item.outcome.quote })}</Radio>
              ) : null}
              <Radio value="none">{t('outcomeNone')}</Radio>
              <Radio value="other">{t('outcomeOther')}</Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        {choice === 'other' ? (
          <>
            <Form.Item label={t('outcomeQuote')} extra={t('outcomeQuoteHint')}>
              <AutoComplete
                aria-label={t('outcomeQuote')}
                value={quote}
                onChange={setQuote}
                options={quotes.map((q) => ({ value: q }))}
                filterOption={(input, o) => String(o?.value ?? '').includes(input)}
              >
                <Input.TextArea rows={2} />
              </AutoComplete>
            </Form.Item>
            <Space>
              <Form.Item label={t('outcomeValue')}>
                <InputNumber aria-label={t('outcomeValue')} value={value} onChange={(v) => setValue(v)} />
              </Form.Item>
              <Form.Item label={t('unit')}>
                <Input
                  aria-label={t('unit')}
                  value={unit}
                  onChange={(e) => setUnit(e.target.value)}
                  style={{ width: 100 }}
                />
              </Form.Item>
            </Space>
          </>
        ) : null}
        <Form.Item label={t('verdictColumn')}>
          <Radio.Group value={verdict} onChange={(e) => setVerdict(e.target.value as PromiseVerdict)}>
            {VERDICTS.map((v) => (
              <Radio.Button key={v} value={v} disabled={v === 'not-reported' && choice !== 'none'}>
                {verdictLabel(t, v)}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item label={t('noteLabel')}>
          <Input.TextArea
            aria-label={t('noteLabel')}
            rows={2}
            maxLength={2000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
