import { NotificationsPage } from './pages/NotificationsPage';
import { PipelinePage } from './pages/PipelinePage';
import { UsagePage } from './pages/UsagePage';
import { href, useRoute } from './route';

const PAGES = [
  { page: 'usage', title: 'Subscriber usage' },
  { page: 'notifications', title: 'Notifications' },
  { page: 'pipeline', title: 'Pipeline' },
] as const;

export function App() {
  const route = useRoute();
  return (
    <>
      <header className="top">
        <a className="brand" href={href('usage')}>
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
        {route.page === 'usage' && <UsagePage params={route.params} />}
        {route.page === 'notifications' && <NotificationsPage params={route.params} />}
        {route.page === 'pipeline' && <PipelinePage />}
      </main>
    </>
  );
}
