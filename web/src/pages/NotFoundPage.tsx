import { useEffect } from 'preact/hooks';
import { href } from '../router';

export function NotFoundPage({ path }: { path: string }) {
  useEffect(() => {
    document.title = 'Not found · Cistern';
  }, []);
  return (
    <div class="page">
      <div class="page-head">
        <h1>Page not found</h1>
      </div>
      <p>
        There is no page at <code>{path}</code>. <a href={href('/')}>Go to the start page</a>.
      </p>
    </div>
  );
}
