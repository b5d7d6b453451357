import type { ReactElement } from 'react';
import { Admin } from '../admin/Admin.tsx';
import { AuditLog } from '../admin/AuditLog.tsx';
import { Dashboards } from '../dashboards/Dashboards.tsx';

/** The app's sections beside the worklist: path, menu label, the roles that see it, the screen. */
export interface Section {
  readonly path: string;
  readonly label: string;
  readonly roles: readonly string[];
  readonly render: () => ReactElement;
}

export const SECTIONS: readonly Section[] = [
  {
    path: '/dashboards',
    label: 'Dashboards',
    roles: ['admin', 'investigator', 'coordinator', 'monitor', 'statistician'],
    render: () => <Dashboards />,
  },
  { path: '/audit', label: 'Audit trail', roles: ['admin', 'monitor'], render: () => <AuditLog /> },
  { path: '/admin', label: 'Administration', roles: ['admin'], render: () => <Admin /> },
];
