// Cell renderers as plain DOM components (cheap while scrolling 50,000 rows). Editable cells name themselves for
// screen readers: column, account and value, or why the input there was refused.
import type { ICellRendererParams } from 'ag-grid-community';
import type { CheckRow } from '../../api/index.ts';
import { useStore } from '../../store.ts';
import { headerOf } from '../columns.ts';
import { cellText, STATUS_LABEL, STATUS_MARK } from '../format.ts';
import type { MonthModel } from '../model.ts';
import { SpanCell } from './spanCell.ts';

type Params = ICellRendererParams<CheckRow> & { model: MonthModel };

export class EditableCell extends SpanCell<Params> {
  protected render(p: Params) {
    const row = p.data;
    const col = p.column?.getColId() ?? '';
    if (!row) return void (this.el.textContent = '');
    const error = p.model.errorOf(row.account_id, col);
    const text = error ? error.text : cellText(row, col, useStore.getState().locale);
    this.el.textContent = text;
    const state = error ? `${text}, not saved: ${error.message}` : text || (col === 'actual' ? 'not entered' : 'empty');
    this.el.setAttribute('aria-label', `${headerOf(col)}, account ${row.account}: ${state}`);
    if (error) this.el.title = error.message;
    else this.el.removeAttribute('title');
  }
}

/** Status by colour and by word, with a mark so it never depends on colour alone. None while the month's check
 *  fails (model.failure): the row's last status may no longer be true. */
export class StatusCell extends SpanCell<Params> {
  protected render(p: Params) {
    const status = p.data?.status;
    if (p.model?.failure) {
      this.el.className = 'tem-status';
      this.el.textContent = '';
      this.el.title = `Not checked: ${p.model.failure}`;
      return;
    }
    this.el.removeAttribute('title');
    if (!status) return void (this.el.textContent = '');
    this.el.className = `tem-status tem-status-${status}`;
    const mark = document.createElement('span');
    mark.setAttribute('aria-hidden', 'true');
    mark.textContent = `${STATUS_MARK[status]} `;
    this.el.replaceChildren(mark, STATUS_LABEL[status]);
  }
}
