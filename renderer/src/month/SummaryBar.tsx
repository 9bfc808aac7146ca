// The month's header: progress (entered of total), flagged bills and the amount at stake.
import { formatCents } from '../../../core/money.ts';
import { useStore } from '../store.ts';

export function SummaryBar() {
  const totals = useStore((s) => s.totals);
  const locale = useStore((s) => s.locale);
  if (!totals) return <section className="tem-summary" aria-label="Month summary" aria-busy="true" />;
  const flagged = totals.over + totals.under + totals.missing + totals.unexpected;
  return (
    <section className="tem-summary" aria-label="Month summary">
      <div className="tem-figure">
        <span className="tem-figure-label" id="progress-label">Entered</span>
        <span className="tem-figure-value" aria-labelledby="progress-label">
          {totals.entered} of {totals.accounts}
        </span>
        <progress max={Math.max(1, totals.accounts)} value={totals.entered} aria-labelledby="progress-label" />
      </div>
      <div className="tem-figure">
        <span className="tem-figure-label">Flagged</span>
        <span className="tem-figure-value" data-figure="flagged">{flagged}</span>
        <span className="tem-figure-detail">
          {totals.over} over · {totals.under} under · {totals.missing} missing · {totals.unexpected} unexpected
        </span>
      </div>
      <div className="tem-figure">
        <span className="tem-figure-label">At stake</span>
        <span className="tem-figure-value" data-figure="at-stake">{formatCents(totals.at_stake_cents, locale)}</span>
        <span className="tem-figure-detail">
          expected {formatCents(totals.expected_cents, locale)} · actual {formatCents(totals.actual_cents, locale)}
        </span>
      </div>
    </section>
  );
}
