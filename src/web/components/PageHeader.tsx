import { Breadcrumb, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

export type Crumb = { title: string; to?: string };

/** A page's breadcrumb, title and actions. */
export function PageHeader({
  crumbs,
  title,
  extra,
  subtitle,
}: {
  crumbs: Crumb[];
  title: ReactNode;
  extra?: ReactNode;
  subtitle?: ReactNode;
}) {
  return (
    <div className="page-header">
      <Breadcrumb items={crumbs.map((c) => ({ title: c.to ? <Link to={c.to}>{c.title}</Link> : c.title }))} />
      <div className="page-header-row">
        <div className="page-header-text">
          <Typography.Title level={3} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {subtitle ? <div className="page-subtitle">{subtitle}</div> : null}
        </div>
        {extra ? <div className="page-header-extra">{extra}</div> : null}
      </div>
    </div>
  );
}
