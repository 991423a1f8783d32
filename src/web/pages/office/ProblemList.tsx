import { Alert } from 'antd';
import { useI18n } from '../../i18n/I18n.tsx';
import type { FileProblem } from './types.ts';

/** Row errors of an uploaded file, in the user's language; nothing is applied while any is listed. */
export function ProblemList({ problems }: { problems: FileProblem[] }) {
  const { t, lang } = useI18n();
  if (problems.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="import-problems"
      style={{ marginBottom: 12 }}
      message={t('officeProblems', { n: problems.length })}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18, maxHeight: 220, overflow: 'auto' }}>
          {problems.map((p, i) => (
            <li key={i}>
              {lang === 'en'
                ? `${p.file ? `${p.file}: ` : ''}${p.row ? `row ${p.row}: ` : ''}${p.messageEn}`
                : p.message}
            </li>
          ))}
        </ul>
      }
    />
  );
}
