// Month, locale and the editing commands as buttons (each also has a key).
import { addMonthsToMonth } from '../../../core/months.ts';
import { LOCALES, isAmountLocale } from '../../../core/money.ts';
import { useStore } from '../store.ts';
import type { GridCommands } from './grid/commands.ts';
import { needs, useCan } from '../auth/useCan.ts';

export function Toolbar({ commands }: { commands: GridCommands | null }) {
  const month = useStore((s) => s.month);
  const locale = useStore((s) => s.locale);
  const undo = useStore((s) => s.undo);
  const redo = useStore((s) => s.redo);
  const setMonth = useStore((s) => s.setMonth);
  const setLocale = useStore((s) => s.setLocale);
  const lastUndo = undo[undo.length - 1];
  const lastRedo = redo[redo.length - 1];
  const canEdit = useCan('actuals.set');
  return (
    <div className="tem-toolbar" role="toolbar" aria-label="Month and editing">
      <button type="button" aria-label="Previous month" onClick={() => setMonth(addMonthsToMonth(month, -1))}>
        ‹
      </button>
      <label className="tem-field">
        <span>Month</span>
        <input type="month" value={month} required onChange={(e) => /^\d{4}-\d{2}$/.test(e.target.value) && setMonth(e.target.value)} />
      </label>
      <button type="button" aria-label="Next month" onClick={() => setMonth(addMonthsToMonth(month, 1))}>
        ›
      </button>
      <label className="tem-field">
        <span>Amounts as</span>
        <select value={locale} onChange={(e) => isAmountLocale(e.target.value) && setLocale(e.target.value)}>
          {LOCALES.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </label>
      <span className="tem-toolbar-gap" />
      <button type="button" disabled={!lastUndo} title={lastUndo ? `Undo ${lastUndo.label} (Ctrl+Z)` : 'Nothing to undo'} onClick={() => void commands?.undo()}>
        Undo
      </button>
      <button type="button" disabled={!lastRedo} title={lastRedo ? `Redo ${lastRedo.label} (Ctrl+Y)` : 'Nothing to redo'} onClick={() => void commands?.redo()}>
        Redo
      </button>
      <button
        type="button"
        disabled={!canEdit}
        title={canEdit ? "Copy the first row's values down the selection (Ctrl+D)" : needs('actuals.set')}
        onClick={() => void commands?.fillDown()}>
        Fill down
      </button>
      <button
        type="button"
        disabled={!canEdit}
        title={canEdit ? 'Set Actual to Expected on the selected rows (Ctrl+Shift+E)' : needs('actuals.set')}
        onClick={() => void commands?.actualIsExpected()}>
        Actual = expected
      </button>
    </div>
  );
}
