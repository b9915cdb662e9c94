import { TokenForm } from './components/TokenForm';
import { AuditPage } from './pages/AuditPage';
import { NotificationsPage } from './pages/NotificationsPage';
import { OverviewPage } from './pages/OverviewPage';
import { PipelinePage } from './pages/PipelinePage';
import { UsagePage } from './pages/UsagePage';
import { href, useRoute } from './route';
import { useToken } from './token';

const PAGES = [
  { page: 'overview', title: 'Overview' },
  { page: 'usage', title: 'Subscriber usage' },
  { page: 'notifications', title: 'Notifications' },
  { page: 'pipeline', title: 'Pipeline' },
  { page: 'audit', title: 'Audit' },
] as const;

export function App() {
  const route = useRoute();
  const token = useToken();
  return (
    <>
      <header className="top">
        <a className="brand" href={href('overview')}>
          mobilecs <span>console</span>
        </a>
        <nav aria-label="Pages">
          {PAGES.map(({ page, title }) => (
            <a key={page} href={href(page)} aria-current={route.page === page ? 'page' : undefined}>
              {title}
            </a>
          ))}
        </nav>
      </header>
      <main>
        {!token && <TokenForm />}
        {token && route.page === 'overview' && <OverviewPage />}
        {token && route.page === 'usage' && <UsagePage params={route.params} />}
        {token && route.page === 'notifications' && <NotificationsPage params={route.params} />}
        {token && route.page === 'pipeline' && <PipelinePage />}
        {token && route.page === 'audit' && <AuditPage />}
      </main>
    </>
  );
}
