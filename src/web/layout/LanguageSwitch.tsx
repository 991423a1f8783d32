import { GlobalOutlined } from '@ant-design/icons';
import { Select } from 'antd';
import { useI18n, type Lang } from '../i18n/I18n.tsx';

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Select<Lang>
      size="small"
      value={lang}
      onChange={setLang}
      aria-label={t('language')}
      suffixIcon={<GlobalOutlined />}
      variant="borderless"
      style={{ width: 104 }}
      options={[
        { value: 'zh-CN', label: '简体中文' },
        { value: 'en', label: 'English' },
      ]}
      data-testid="language-switch"
    />
  );
}
