// The cell editor for Actual, Invoice and Note: a plain input created synchronously, so no keystroke of a fast
// typist is lost while it opens. Actual gets instant feedback from the amount parser (the API decides when it
// saves); Enter or Tab on input that cannot be an amount keeps the editor open with the reason shown.
// Valid input is sent on the Enter or Tab key itself, while the grid is still busy closing the editor and moving
// on: the grid is then told the edit was cancelled, so the value is written once.
import type { ICellEditorComp, ICellEditorParams } from 'ag-grid-community';
import { parseAmount } from '../../../../core/money.ts';
import type { CheckRow } from '../../api/index.ts';
import { useStore } from '../../store.ts';
import { headerOf } from '../columns.ts';
import { showCellMessage, hideCellMessage } from './cellMessage.ts';

export type CommitEdit = (row: CheckRow, col: string, text: string) => void;

export class CellEditor implements ICellEditorComp {
  private input!: HTMLInputElement;
  private params!: ICellEditorParams<CheckRow, string> & { commit: CommitEdit };
  private selectAll = false;
  private committed = false;
  private cancelled = false;

  init(params: ICellEditorParams<CheckRow, string> & { commit: CommitEdit }) {
    this.params = params;
    const input = (this.input = document.createElement('input'));
    input.type = 'text';
    input.className = 'tem-editor';
    input.autocomplete = 'off';
    input.spellcheck = false;
    const col = params.column.getColId();
    input.setAttribute('aria-label', `${headerOf(col)}, account ${params.data.account}`);
    const key = params.eventKey;
    if (key && key.length === 1) input.value = key;
    else if (key === 'Backspace' || key === 'Delete') input.value = '';
    else {
      input.value = params.value ?? '';
      this.selectAll = key !== 'F2';
    }
    input.addEventListener('keydown', this.onKeyDown);
    input.addEventListener('input', this.onInput);
  }

  getGui() {
    return this.input;
  }

  afterGuiAttached() {
    this.input.focus();
    if (this.selectAll) this.input.select();
    else this.input.setSelectionRange(this.input.value.length, this.input.value.length);
  }

  getValue() {
    return this.input.value;
  }

  /** Why the text cannot be saved, or null; only Actual has a rule, and it is the API's parser's. */
  private problem(): string | null {
    if (this.params.column.getColId() !== 'actual') return null;
    const parsed = parseAmount(this.input.value, useStore.getState().locale);
    return parsed.ok ? null : parsed.error;
  }

  private shown = false;

  private show(problem: string | null) {
    this.input.setAttribute('aria-invalid', problem ? 'true' : 'false');
    this.input.classList.toggle('tem-editor-invalid', !!problem);
    if (problem) {
      const box = showCellMessage(this.params.eGridCell, problem);
      this.input.setAttribute('aria-describedby', box.id);
    } else {
      hideCellMessage();
      this.input.removeAttribute('aria-describedby');
    }
    this.shown = !!problem;
  }

  private onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      // Cancels here, whatever else is going on in the grid: nothing typed is sent.
      e.preventDefault();
      e.stopPropagation();
      this.cancelled = true;
      this.params.api.stopEditing(true);
      return;
    }
    if (e.key !== 'Enter' && e.key !== 'Tab') return;
    const problem = this.problem();
    if (problem) {
      // Saves nothing, keeps the text for correction, says why.
      e.preventDefault();
      e.stopPropagation();
      this.show(problem);
      return;
    }
    if (this.committed || this.input.value === (this.params.value ?? '')) return;
    this.committed = true;
    this.params.commit(this.params.data, this.params.column.getColId(), this.input.value);
  };

  /** Already sent on the key (the grid must not send it again), or cancelled with Escape. */
  isCancelAfterEnd() {
    return this.committed || this.cancelled;
  }

  private onInput = () => {
    if (this.shown) this.show(this.problem());
  };

  destroy() {
    this.input.removeEventListener('keydown', this.onKeyDown);
    this.input.removeEventListener('input', this.onInput);
    if (this.shown) hideCellMessage();
  }

  isPopup() {
    return false;
  }
}
