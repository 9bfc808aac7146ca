// One dashboard widget: a titled region whose heading (and figures) link to the list behind it.
import type { ReactNode } from 'react';
import { widgetTitle, type WidgetId } from '../../../core/widgets.ts';

export function Widget({ id, link, linkLabel, title, children, wide }: { id: WidgetId; link: string; linkLabel: string; title?: string; children: ReactNode; wide?: boolean }) {
  const heading = title ?? widgetTitle(id);
  return (
    <section className={`home-widget${wide ? ' home-wide' : ''}`} aria-labelledby={`w-${id}`} data-widget={id}>
      <h2 id={`w-${id}`}>
        <a href={link} aria-label={`${heading}: ${linkLabel}`}>
          {heading}
        </a>
      </h2>
      {children}
    </section>
  );
}

/** A big figure with a caption, itself a link to the list behind it. */
export function Figure({ value, caption, link }: { value: string; caption: string; link: string }) {
  return (
    <a className="home-figure" href={link}>
      <span className="home-value">{value}</span>
      <span className="home-caption">{caption}</span>
    </a>
  );
}
