// The home dashboard: the month at a glance, made of the widgets in core/widgets.ts that the signed-in user may
// see (widgets.mine; every widget while that method is not there). reports.dashboard returns only the figures of
// those widgets (widget security is the API's), so each widget shows when its figures came back; company news
// needs no figures and shows even for a user without TEM data. Each widget links to the list behind it.
import { formatCents } from '../../../core/money.ts';
import { WIDGETS, isWidgetId, type WidgetId } from '../../../core/widgets.ts';
import { api, ApiFailure } from '../api/index.ts';
import { useStore } from '../store.ts';
import { href, navigate } from '../shell/router.ts';
import { ROUTES, type PageProps } from '../shell/routes.ts';
import { ContractsEnding } from '../inventory/ContractsEnding.tsx';
import { useLoad } from '../hooks/useLoad.ts';
import { Figure, Widget } from './Widget.tsx';
import { ExpectedVsActual, LargestVariances } from './Charts.tsx';
import './home.css';

const TICKET_WORDS: Record<string, string> = {
  open: 'Open',
  researching: 'Researching',
  disputed: 'Disputed',
  credit_pending: 'Credit pending',
};

/** The widgets to show: the user's (widgets.mine), or every widget when the method is missing. */
async function visibleWidgets(): Promise<WidgetId[]> {
  try {
    const r = await api.call('widgets.mine', {});
    return r.ids.filter(isWidgetId);
  } catch (e) {
    if (e instanceof ApiFailure && e.code !== 'not_found') throw e;
    return WIDGETS.map((w) => w.id);
  }
}

const hasRoute = (path: string) => ROUTES.some((r) => r.path === path);

export function HomePage({ query }: PageProps) {
  const storeMonth = useStore((s) => s.month);
  const setMonth = useStore((s) => s.setMonth);
  const locale = useStore((s) => s.locale);
  const qMonth = query.get('month');
  const month = qMonth && /^\d{4}-(0[1-9]|1[0-2])$/.test(qMonth) ? qMonth : storeMonth;
  // The 24-month series loads on its own: the widgets show without waiting for two years of month checks.
  const dash = useLoad(() => api.call('reports.dashboard', { month, with_series: false }), [month]);
  const shown = useLoad(visibleWidgets, []);
  // Asked for only once the chart is known to be one of the user's widgets (others may not read TEM totals).
  const chart = shown.data?.includes('expected-vs-actual') ?? false;
  const series = useLoad(async () => (chart ? api.call('reports.monthSeries', { month, months: 24 }) : null), [month, chart]);
  const news = useLoad(async () => (await api.call('news.current', {})).items, []);
  const d = dash.data;
  const money = (c: number) => formatCents(c, locale);
  const openMonth = (m: string, status?: string) => {
    setMonth(m);
    navigate('month', [], status ? { status } : {});
  };
  const ticketsLink = (q: Record<string, string>) => (hasRoute('tickets') ? href('tickets', [], q) : href('reports', ['ticketAgeing']));
  const ids = new Set(shown.data ?? []);
  const show = (id: WidgetId) => ids.has(id);

  return (
    <main className="home" aria-labelledby="home-title">
      <header className="home-head">
        <h1 id="home-title">Home</h1>
        <label htmlFor="home-month">
          Month
          <input id="home-month" type="month" value={month} onChange={(e) => e.target.value && (setMonth(e.target.value), navigate('home', [], { month: e.target.value }))} />
        </label>
        <span role="status" aria-live="polite" className="home-status">
          {dash.loading ? 'Loading…' : ''}
        </span>
      </header>
      {dash.error ? <p role="alert">The dashboard cannot be loaded: {dash.error}</p> : null}
      {shown.error ? <p role="alert">Your widgets cannot be loaded: {shown.error}</p> : null}
      {shown.data && shown.data.length === 0 ? <p role="status">No home-screen widgets are assigned to you; an administrator can add you to a widget group.</p> : null}
      {shown.data ? (
        <div className="home-grid">
          {show('month-progress') && d?.progress ? (
            <Widget id="month-progress" link={href('month')} linkLabel={`open the month grid for ${month}`}>
              <a
                className="home-figure"
                href={href('month')}
                onClick={(e) => {
                  e.preventDefault();
                  openMonth(month);
                }}
              >
                <span className="home-value">
                  {d.progress.entered} of {d.progress.accounts}
                </span>
                <span className="home-caption">bills entered for {month}</span>
              </a>
              <progress max={d.progress.accounts || 1} value={d.progress.entered} aria-label={`Bills entered for ${month}`} />
              <p className="home-small">
                {d.progress.expected_entered} of {d.progress.expected_bills} expected bills arrived
              </p>
            </Widget>
          ) : null}
          {show('flagged-bills') && d?.flagged ? (
            <Widget id="flagged-bills" link={href('reports', ['discrepancies'], { month })} linkLabel="open the discrepancy report">
              <Figure value={String(d.flagged.bills)} caption="flagged bills" link={href('reports', ['discrepancies'], { month })} />
              <Figure value={money(d.flagged.at_stake_cents)} caption="at stake (over and under)" link={href('reports', ['discrepancies'], { month, status: '' })} />
              <p className="home-small">
                over {d.flagged.over} · under {d.flagged.under} · missing {d.flagged.missing} · unexpected {d.flagged.unexpected}
              </p>
            </Widget>
          ) : null}
          {show('open-tickets') && d?.tickets_by_status ? (
            <Widget id="open-tickets" link={ticketsLink({})} linkLabel="open the tickets">
              <ul className="home-list">
                {d.tickets_by_status.map((t) => (
                  <li key={t.status}>
                    <a href={ticketsLink({ status: t.status })}>
                      <span>{TICKET_WORDS[t.status] ?? t.status}</span> <strong>{t.tickets}</strong>
                    </a>
                  </li>
                ))}
              </ul>
            </Widget>
          ) : null}
          {show('overdue-tickets') && d?.overdue ? (
            <Widget id="overdue-tickets" link={ticketsLink({ overdue: '1' })} linkLabel="open the overdue tickets">
              <Figure value={String(d.overdue.tickets)} caption="tickets past their due date" link={ticketsLink({ overdue: '1' })} />
              <ul className="home-list">
                {d.overdue.top.map((t) => (
                  <li key={t.id}>
                    <a href={hasRoute('tickets') ? href('tickets', [t.id]) : href('reports', ['ticketAgeing'])}>
                      #{t.number} {t.title} (due {t.due_date})
                    </a>
                  </li>
                ))}
              </ul>
            </Widget>
          ) : null}
          {show('credits-recovered') && d?.credits_year ? (
            <Widget
              id="credits-recovered"
              title={`Credits recovered in ${d.credits_year.year}`}
              link={href('reports', ['credits'], { from: `${d.credits_year.year}-01`, to: `${d.credits_year.year}-12` })}
              linkLabel="open the credits report"
            >
              <Figure
                value={money(d.credits_year.amount_cents)}
                caption={`${d.credits_year.credits} credits`}
                link={href('reports', ['credits'], { from: `${d.credits_year.year}-01`, to: `${d.credits_year.year}-12` })}
              />
            </Widget>
          ) : null}
          {show('missing-bills') && d?.missing ? (
            <Widget id="missing-bills" link={href('reports', ['missingBills'], { month })} linkLabel="open the missing bills report">
              <Figure value={String(d.missing.bills)} caption={`bills not arrived, ${money(d.missing.expected_cents)} expected`} link={href('reports', ['missingBills'], { month })} />
            </Widget>
          ) : null}
          {show('contracts-ending') && d?.contracts_ending ? (
            <Widget id="contracts-ending" link={href('reports', ['contractsEnding'], { days: String(d.contracts_ending.days) })} linkLabel="open the contracts ending report">
              <Figure
                value={String(d.contracts_ending.contracts)}
                caption={`contracts end within ${d.contracts_ending.days} days`}
                link={href('reports', ['contractsEnding'], { days: String(d.contracts_ending.days) })}
              />
              <ContractsEnding days={d.contracts_ending.days} limit={5} title="Soonest" />
            </Widget>
          ) : null}
          {show('company-news') ? (
            <Widget id="company-news" link={hasRoute('news') ? href('news') : href('home')} linkLabel="open the company news">
              {news.error ? <p className="home-small">No news to show.</p> : null}
              {news.data && news.data.length === 0 ? <p className="home-small">No news today.</p> : null}
              <ul className="home-news">
                {(news.data ?? []).map((n) => (
                  <li key={n.id}>
                    <strong>{n.title}</strong>
                    <p>{n.body}</p>
                  </li>
                ))}
              </ul>
            </Widget>
          ) : null}
          {show('expected-vs-actual') ? (
            <Widget id="expected-vs-actual" wide link={href('reports', ['monthByCarrier'], { month })} linkLabel="open the month summary by carrier">
              {series.error ? <p role="alert">The chart cannot be loaded: {series.error}</p> : null}
              {series.data ? (
                <ExpectedVsActual series={series.data.series} locale={locale} onMonth={(m) => navigate('reports', ['monthByCarrier'], { month: m })} />
              ) : (
                <p className="home-small">Loading 24 months…</p>
              )}
            </Widget>
          ) : null}
          {show('largest-variances') && d?.largest_variances ? (
            <Widget id="largest-variances" wide link={href('reports', ['discrepancies'], { month })} linkLabel="open the discrepancy report">
              <LargestVariances rows={d.largest_variances} locale={locale} onPick={() => navigate('reports', ['discrepancies'], { month })} />
            </Widget>
          ) : null}
        </div>
      ) : null}
    </main>
  );
}
