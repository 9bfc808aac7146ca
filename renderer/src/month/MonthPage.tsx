// The month-end screen: toolbar, summary, filters, the entry grid and a message line.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api } from '../api/index.ts';
import { useStore } from '../store.ts';
import { MonthModel } from './model.ts';
import { MonthGrid } from './MonthGrid.tsx';
import { SummaryBar } from './SummaryBar.tsx';
import { FilterBar } from './FilterBar.tsx';
import { FieldColumns } from './FieldColumns.tsx';
import { Toolbar } from './Toolbar.tsx';
import { commandOfKey, type GridCommands } from './grid/commands.ts';
import { MonthWorkflowBar } from '../tickets/MonthWorkflowBar.tsx';
import { MonthFlags } from '../bills/MonthFlags.tsx';

export function MonthPage() {
  const model = useMemo(() => new MonthModel(api), []);
  const month = useStore((s) => s.month);
  const notice = useStore((s) => s.notice);
  const say = useStore((s) => s.say);
  const [version, setVersion] = useState(0);
  const [commands, setCommands] = useState<GridCommands | null>(null);
  const onCommands = useCallback((c: GridCommands) => setCommands(() => c), []);

  useEffect(() => {
    model.onLoaded = () => setVersion((v) => v + 1);
    const off = api.onChange(model.onChange);
    return () => {
      off();
      model.dispose();
    };
  }, [model]);

  useEffect(() => {
    const url = new URL(window.location.href);
    url.searchParams.set('month', month);
    window.history.replaceState(null, '', url);
    // A failed check says so itself (model.fail) and keeps the rows without statuses; nothing more to do here.
    model.load(month).catch(() => undefined);
  }, [month, model, say]);

  // Undo and redo work from anywhere on the page but text fields (which keep their own undo).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement;
      if (t.closest('input, textarea, select, .tem-grid')) return;
      const cmd = commandOfKey(e);
      if ((cmd === 'undo' || cmd === 'redo') && commands) {
        e.preventDefault();
        void commands[cmd]();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [commands]);

  return (
    <main className="tem-month">
      <header className="tem-header">
        <h1>Month-end entry</h1>
        <Toolbar commands={commands} />
        <MonthWorkflowBar model={model} commands={commands} />
        <MonthFlags model={model} />
      </header>
      <SummaryBar />
      <FilterBar model={model} version={version} />
      <FieldColumns model={model} version={version} />
      <p className={`tem-notice ${notice?.kind === 'error' ? 'tem-notice-error' : ''}`} role="status" aria-live="polite">
        {notice?.text ?? '\u00a0'}
      </p>
      <MonthGrid model={model} onCommands={onCommands} />
      <p className="tem-keys">
        Type to enter · Enter down · Tab right · Esc cancels · F2 edits · Delete clears · Shift+arrows select · Ctrl+C / Ctrl+V copy
        and paste · Ctrl+D fill down · Ctrl+Shift+E actual = expected · Ctrl+Z undo · Ctrl+Y redo
      </p>
    </main>
  );
}
