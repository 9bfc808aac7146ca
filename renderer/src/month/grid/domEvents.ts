// The keyboard, mouse and clipboard on the grid's wrapper: the grid itself navigates and edits; this adds the
// range (Shift+arrows, Shift+click), Delete, fill down, "actual = expected", undo and redo, copy and paste.
import type { MonthModel } from '../model.ts';
import { commandOfKey, type GridCommands } from './commands.ts';
import type { RangeSelection } from './range.ts';

const ARROWS: Record<string, [number, number]> = { ArrowDown: [1, 0], ArrowUp: [-1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

/** Listens on el; returns the function that stops listening. */
/** canEdit false (a read-only user): copying and moving still work; Delete, fill, undo and paste do nothing. */
export function listenToGrid(el: HTMLElement, model: MonthModel, range: RangeSelection, commands: GridCommands, canEdit = true): () => void {
  const editing = () => (model.grid?.getEditingCells().length ?? 0) > 0;
  // The range follows Shift+arrows and clicks at once (capture phase); the grid's focus events arrive later.
  const onKeyFirst = (e: KeyboardEvent) => {
    const arrow = ARROWS[e.key];
    if (!arrow || !e.shiftKey || e.altKey || editing()) return;
    e.preventDefault();
    e.stopPropagation();
    range.step(arrow[0], arrow[1], e.ctrlKey || e.metaKey);
  };
  const onMouseDown = (e: MouseEvent) => {
    const cell = (e.target as HTMLElement).closest<HTMLElement>('[col-id][role="gridcell"]');
    const rowIndex = Number(cell?.closest('[row-index]')?.getAttribute('row-index'));
    if (!cell || !Number.isInteger(rowIndex) || editing()) return;
    const pos = { rowIndex, colId: cell.getAttribute('col-id')! };
    if (e.shiftKey) range.extendTo(pos);
    else range.collapse(pos);
  };
  const onKey = (e: KeyboardEvent) => {
    if (editing() || (e.target as HTMLElement).closest('input, textarea, select')) return;
    const cmd = commandOfKey(e);
    if (!cmd || !canEdit) return;
    e.preventDefault();
    void commands[cmd]();
  };
  const onCopy = (e: ClipboardEvent) => {
    if (editing()) return;
    const text = commands.copyText();
    if (text === null || !e.clipboardData) return;
    e.clipboardData.setData('text/plain', text);
    e.preventDefault();
  };
  const onPaste = (e: ClipboardEvent) => {
    if (editing() || !e.clipboardData || !canEdit) return;
    e.preventDefault();
    void commands.paste(e.clipboardData.getData('text/plain'));
  };
  const listeners: [string, EventListener, boolean][] = [
    ['keydown', onKeyFirst as EventListener, true],
    ['mousedown', onMouseDown as EventListener, true],
    ['keydown', onKey as EventListener, false],
    ['copy', onCopy as EventListener, false],
    ['paste', onPaste as EventListener, false],
  ];
  for (const [type, fn, capture] of listeners) el.addEventListener(type, fn, capture);
  return () => {
    for (const [type, fn, capture] of listeners) el.removeEventListener(type, fn, capture);
  };
}
