// The entry: start loading the month, then load and show the app.
import { prefetchFirstMonth } from './prefetch.ts';
import { parseHash } from './shell/router.ts';
import './styles.css';

if (parseHash(window.location.hash).path === 'month') prefetchFirstMonth();

void (async () => {
  const [{ StrictMode, createElement }, { createRoot }, { App }] = await Promise.all([import('react'), import('react-dom/client'), import('./App.tsx')]);
  createRoot(document.getElementById('root')!).render(createElement(StrictMode, null, createElement(App)));
})();
