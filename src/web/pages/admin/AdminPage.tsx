import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Switch,
  Table,
  Tabs,
  Tag,
  type TableColumnType,
} from 'antd';
import { useState, type ReactNode } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, ApiError, getAll } from '../../api/client.ts';
import type { Department, Leader, Page, Role, Tenant, User } from '../../api/types.ts';
import { ErrorAlert, errorMessage } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useI18n, type Translate } from '../../i18n/I18n.tsx';
import { roleLabel } from '../../layout/AppLayout.tsx';
import { useAsync } from '../../lib/useAsync.ts';

type Tab = 'users' | 'departments' | 'leaders' | 'tenants';
const TABS: Tab[] = ['users', 'departments', 'leaders', 'tenants'];
const ROLES: Role[] = ['admin', 'coordinator', 'leader', 'reporter'];

function useSave(reload: () => void) {
  const { message } = App.useApp();
  const { t } = useI18n();
  return async (work: () => Promise<unknown>): Promise<boolean> => {
    try {
      await work();
      message.success(t('saved'));
      reload();
      return true;
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.code === 'conflict') {
        message.warning(t('conflict'));
        reload();
      } else {
        message.error(errorMessage(e));
      }
      return false;
    }
  };
}

const activeTag = (t: Translate, active: boolean) =>
  active ? <Tag color="green">{t('active')}</Tag> : <Tag>{t('inactive')}</Tag>;

/** The actions column of an admin table: one edit button per row. */
function editColumn<T extends object>(
  t: Translate,
  open: (row: T) => void,
  width?: number,
): TableColumnType<T> {
  return {
    title: t('actions'),
    key: 'a',
    ...(width !== undefined ? { width } : {}),
    render: (_: unknown, row: T) => (
      <Button size="small" onClick={() => open(row)}>
        {t('edit')}
      </Button>
    ),
  };
}

/** The create/edit dialog every admin tab uses: its form is submitted by OK, its fields reset when closed. */
function FormModal(props: {
  open: boolean;
  title: ReactNode;
  onClose: () => void;
  onOk: () => void;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Modal
      open={props.open}
      title={props.title}
      onCancel={props.onClose}
      onOk={props.onOk}
      okText={t('save')}
      cancelText={t('cancel')}
      destroyOnHidden
    >
      {props.children}
    </Modal>
  );
}

function useDirectory() {
  const departments = useAsync(() => getAll<Department>('/departments').then((items) => ({ items })), []);
  const leaders = useAsync(() => getAll<Leader>('/leaders').then((items) => ({ items })), []);
  return { departments, leaders };
}

type UserForm = {
  username: string;
  displayName: string;
  role: Role;
  password?: string;
  departmentId?: string | null;
  leaderId?: string | null;
  active?: boolean;
};

function UsersTab() {
  const { t } = useI18n();
  const [page, setPage] = useState(1);
  const users = useAsync(() => api.get<Page<User>>('/users', { limit: 20, offset: (page - 1) * 20 }), [page]);
  const { departments, leaders } = useDirectory();
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const [form] = Form.useForm<UserForm>();
  const save = useSave(users.reload);
  const role = Form.useWatch('role', form);
  const deptName = new Map((departments.data?.items ?? []).map((d) => [d.id, d.name] as const));
  const leaderName = new Map((leaders.data?.items ?? []).map((l) => [l.id, l.name] as const));
  const open = (u: User | 'new') => {
    setEditing(u);
    form.resetFields();
    if (u !== 'new') form.setFieldsValue({ ...u, password: '' });
    else form.setFieldsValue({ role: 'reporter', active: true });
  };
  const submit = async (v: UserForm) => {
    const ok = await save(() =>
      editing === 'new'
        ? api.post('/users', {
            username: v.username,
            displayName: v.displayName,
            role: v.role,
            password: v.password ?? '',
            departmentId: v.departmentId ?? null,
            leaderId: v.leaderId ?? null,
          })
        : api.put(`/users/${editing?.id ?? ''}`, {
            version: editing?.version ?? 1,
            displayName: v.displayName,
            role: v.role,
            departmentId: v.departmentId ?? null,
            leaderId: v.leaderId ?? null,
            active: v.active ?? true,
            ...(v.password ? { password: v.password } : {}),
          }),
    );
    if (ok) setEditing(null);
  };
  return (
    <>
      <div className="toolbar">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
          {t('createUser')}
        </Button>
      </div>
      {users.error ? <ErrorAlert error={users.error} onRetry={users.reload} /> : null}
      <Table<User>
        rowKey="id"
        size="small"
        loading={users.loading}
        dataSource={users.data?.items ?? []}
        scroll={{ x: 800 }}
        pagination={{
          current: page,
          pageSize: 20,
          total: users.data?.total ?? 0,
          onChange: setPage,
          showTotal: (n) => t('total', { n }),
        }}
        columns={[
          { title: t('username'), dataIndex: 'username' },
          { title: t('displayName'), dataIndex: 'displayName' },
          {
            title: t('role'),
            dataIndex: 'role',
            render: (r: Role) => <Tag color="blue">{roleLabel(t, r)}</Tag>,
          },
          {
            title: t('department'),
            dataIndex: 'departmentId',
            render: (id: string | null) => (id ? deptName.get(id) : '—'),
          },
          {
            title: t('leaders'),
            dataIndex: 'leaderId',
            render: (id: string | null) => (id ? leaderName.get(id) : '—'),
          },
          { title: t('state'), dataIndex: 'active', render: (a: boolean) => activeTag(t, a) },
          editColumn<User>(t, open),
        ]}
      />
      <FormModal
        open={editing !== null}
        title={editing === 'new' ? t('createUser') : t('edit')}
        onClose={() => setEditing(null)}
        onOk={() => form.submit()}
      >
        <Form<UserForm> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item
            name="username"
            label={t('username')}
            rules={[{ required: true, min: 2, message: t('usernameRequired') }]}
          >
            <Input disabled={editing !== 'new'} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t('displayName')}
            rules={[{ required: true, message: t('required') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item name="role" label={t('role')} rules={[{ required: true }]}>
            <Select options={ROLES.map((r) => ({ value: r, label: roleLabel(t, r) }))} />
          </Form.Item>
          <Form.Item
            name="departmentId"
            label={t('department')}
            rules={[{ required: role === 'reporter', message: t('reporterNeedsDepartment') }]}
          >
            <Select
              allowClear
              showSearch
              optionFilterProp="label"
              options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
            />
          </Form.Item>
          {role === 'leader' ? (
            <Form.Item name="leaderId" label={t('leaders')}>
              <Select
                allowClear
                options={(leaders.data?.items ?? []).map((l) => ({
                  value: l.id,
                  label: `${l.name}（${l.title}）`,
                }))}
              />
            </Form.Item>
          ) : null}
          <Form.Item
            name="password"
            label={editing === 'new' ? t('password') : t('newPassword')}
            rules={[{ required: editing === 'new', min: 8, message: t('passwordMin') }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          {editing !== 'new' ? (
            <Form.Item name="active" label={t('active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          ) : null}
        </Form>
      </FormModal>
    </>
  );
}

type DeptForm = { name: string; ord?: number; active?: boolean };

function DepartmentsTab() {
  const { t } = useI18n();
  const list = useAsync(() => getAll<Department>('/departments').then((items) => ({ items })), []);
  const [editing, setEditing] = useState<Department | 'new' | null>(null);
  const [form] = Form.useForm<DeptForm>();
  const save = useSave(list.reload);
  const open = (d: Department | 'new') => {
    setEditing(d);
    form.resetFields();
    form.setFieldsValue(d === 'new' ? { ord: (list.data?.items.length ?? 0) + 1, active: true } : d);
  };
  const submit = async (v: DeptForm) => {
    const ok = await save(() =>
      editing === 'new'
        ? api.post('/departments', { name: v.name, ord: v.ord ?? 0 })
        : api.put(`/departments/${editing?.id ?? ''}`, {
            version: editing?.version ?? 1,
            name: v.name,
            ord: v.ord ?? 0,
            active: v.active ?? true,
          }),
    );
    if (ok) setEditing(null);
  };
  return (
    <>
      <div className="toolbar">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
          {t('createDepartment')}
        </Button>
      </div>
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      <Table<Department>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        pagination={{ defaultPageSize: 50, showTotal: (n) => t('total', { n }) }}
        columns={[
          { title: t('order'), dataIndex: 'ord', width: 80 },
          { title: t('name'), dataIndex: 'name' },
          { title: t('state'), dataIndex: 'active', width: 100, render: (a: boolean) => activeTag(t, a) },
          editColumn<Department>(t, open, 100),
        ]}
      />
      <FormModal
        open={editing !== null}
        title={editing === 'new' ? t('createDepartment') : t('edit')}
        onClose={() => setEditing(null)}
        onOk={() => form.submit()}
      >
        <Form<DeptForm> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item name="name" label={t('name')} rules={[{ required: true, message: t('required') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="ord" label={t('order')}>
            <InputNumber min={0} max={10000} />
          </Form.Item>
          {editing !== 'new' ? (
            <Form.Item name="active" label={t('active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          ) : null}
        </Form>
      </FormModal>
    </>
  );
}

type LeaderForm = {
  name: string;
  title: string;
  portfolio?: string;
  departmentIds?: string[];
  ord?: number;
  active?: boolean;
};

function LeadersTab() {
  const { t } = useI18n();
  const { departments, leaders: list } = useDirectory();
  const [editing, setEditing] = useState<Leader | 'new' | null>(null);
  const [form] = Form.useForm<LeaderForm>();
  const save = useSave(list.reload);
  const deptName = new Map((departments.data?.items ?? []).map((d) => [d.id, d.name] as const));
  const open = (l: Leader | 'new') => {
    setEditing(l);
    form.resetFields();
    form.setFieldsValue(
      l === 'new' ? { ord: (list.data?.items.length ?? 0) + 1, departmentIds: [], active: true } : l,
    );
  };
  const submit = async (v: LeaderForm) => {
    const body = {
      name: v.name,
      title: v.title,
      portfolio: v.portfolio ?? '',
      departmentIds: v.departmentIds ?? [],
      ord: v.ord ?? 0,
    };
    const ok = await save(() =>
      editing === 'new'
        ? api.post('/leaders', body)
        : api.put(`/leaders/${editing?.id ?? ''}`, {
            ...body,
            version: editing?.version ?? 1,
            active: v.active ?? true,
          }),
    );
    if (ok) setEditing(null);
  };
  return (
    <>
      <div className="toolbar">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open('new')}>
          {t('createLeader')}
        </Button>
      </div>
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      <Table<Leader>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 800 }}
        pagination={{ defaultPageSize: 20, showTotal: (n) => t('total', { n }) }}
        columns={[
          { title: t('name'), dataIndex: 'name', width: 100 },
          { title: t('title'), dataIndex: 'title', width: 110 },
          { title: t('portfolio'), dataIndex: 'portfolio' },
          {
            title: t('portfolioDepartments'),
            dataIndex: 'departmentIds',
            render: (ids: string[]) => ids.map((id) => <Tag key={id}>{deptName.get(id) ?? id}</Tag>),
          },
          { title: t('state'), dataIndex: 'active', width: 90, render: (a: boolean) => activeTag(t, a) },
          editColumn<Leader>(t, open, 90),
        ]}
      />
      <FormModal
        open={editing !== null}
        title={editing === 'new' ? t('createLeader') : t('edit')}
        onClose={() => setEditing(null)}
        onOk={() => form.submit()}
      >
        <Form<LeaderForm> form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item name="name" label={t('name')} rules={[{ required: true, message: t('required') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="title" label={t('title')} rules={[{ required: true, message: t('required') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="portfolio" label={t('portfolio')}>
            <Input.TextArea autoSize maxLength={1000} />
          </Form.Item>
          <Form.Item name="departmentIds" label={t('portfolioDepartments')}>
            <Select
              mode="multiple"
              optionFilterProp="label"
              options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
            />
          </Form.Item>
          <Form.Item name="ord" label={t('order')}>
            <InputNumber min={0} max={10000} />
          </Form.Item>
          {editing !== 'new' ? (
            <Form.Item name="active" label={t('active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          ) : null}
        </Form>
      </FormModal>
    </>
  );
}

type TenantForm = { name: string; level: 'province' | 'city' | 'county'; timezone?: string };

function TenantsTab() {
  const { t } = useI18n();
  const list = useAsync(() => getAll<Tenant>('/tenants').then((items) => ({ items })), []);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<TenantForm>();
  const save = useSave(list.reload);
  const levelLabel = (l: string) =>
    l === 'province'
      ? t('levelProvince')
      : l === 'city'
        ? t('levelCity')
        : l === 'county'
          ? t('levelCounty')
          : l;
  const names = new Map((list.data?.items ?? []).map((x) => [x.id, x.name] as const));
  return (
    <>
      <div className="toolbar">
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => {
            form.resetFields();
            form.setFieldsValue({ level: 'county', timezone: 'Asia/Shanghai' });
            setOpen(true);
          }}
        >
          {t('createTenant')}
        </Button>
      </div>
      {list.error ? <ErrorAlert error={list.error} onRetry={list.reload} /> : null}
      <Table<Tenant>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        locale={{ emptyText: <Empty /> }}
        pagination={false}
        columns={[
          { title: t('name'), dataIndex: 'name' },
          { title: t('level'), dataIndex: 'level', render: levelLabel },
          {
            title: t('region'),
            dataIndex: 'parentId',
            render: (id: string | null) => (id ? (names.get(id) ?? '—') : '—'),
          },
          { title: t('timezone'), dataIndex: 'timezone' },
        ]}
      />
      <FormModal
        open={open}
        title={t('createTenant')}
        onClose={() => setOpen(false)}
        onOk={() => form.submit()}
      >
        <Form<TenantForm>
          form={form}
          layout="vertical"
          onFinish={(v) =>
            void save(() =>
              api.post('/tenants', {
                name: v.name,
                level: v.level,
                ...(v.timezone ? { timezone: v.timezone } : {}),
              }),
            ).then((ok) => ok && setOpen(false))
          }
        >
          <Form.Item name="name" label={t('name')} rules={[{ required: true, message: t('required') }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="level" label={t('level')}>
            <Select
              options={[
                { value: 'province', label: t('levelProvince') },
                { value: 'city', label: t('levelCity') },
                { value: 'county', label: t('levelCounty') },
              ]}
            />
          </Form.Item>
          <Form.Item name="timezone" label={t('timezone')}>
            <Input />
          </Form.Item>
        </Form>
      </FormModal>
    </>
  );
}

/** Administration: users and roles, departments, leaders and their portfolios, regions. */
export function AdminPage() {
  const { tab = 'users' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const active: Tab = (TABS as string[]).includes(tab) ? (tab as Tab) : 'users';
  const label: Record<Tab, string> = {
    users: t('menuUsers'),
    departments: t('departments'),
    leaders: t('leaders'),
    tenants: t('tenants'),
  };
  return (
    <>
      <PageHeader crumbs={[{ title: t('adminTitle') }, { title: label[active] }]} title={label[active]} />
      <Card size="small">
        <Tabs
          activeKey={active}
          onChange={(k) => void navigate(`/app/admin/${k}`)}
          items={TABS.map((k) => ({ key: k, label: label[k] }))}
          destroyOnHidden
        />
        {active === 'users' ? <UsersTab /> : null}
        {active === 'departments' ? <DepartmentsTab /> : null}
        {active === 'leaders' ? <LeadersTab /> : null}
        {active === 'tenants' ? <TenantsTab /> : null}
      </Card>
    </>
  );
}
