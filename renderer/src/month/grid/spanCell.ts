// The shape every plain DOM cell renderer of the month grid shares: one <span> drawn again on each refresh.
// Subclasses only say how to draw it (cheap while scrolling 50,000 rows).
import type { ICellRendererComp, ICellRendererParams } from 'ag-grid-community';
import type { CheckRow } from '../../api/index.ts';

export abstract class SpanCell<P extends ICellRendererParams<CheckRow> = ICellRendererParams<CheckRow>> implements ICellRendererComp {
  protected readonly el = document.createElement('span');

  init(p: P) {
    this.render(p);
  }

  getGui() {
    return this.el;
  }

  refresh(p: P) {
    this.render(p);
    return true;
  }

  protected abstract render(p: P): void;
}
