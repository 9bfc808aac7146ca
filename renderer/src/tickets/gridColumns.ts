// The month grid's Ticket and OK to Pay columns: which tickets cover each bill (with their status, as links to the
// ticket) and who approved it, or that the bill changed since approval and needs approving again (decided by the API,
// tickets.forMonth). Plain DOM renderers, as the grid's own cells, so 50,000 rows scroll cheaply.
import type { ColDef, ICellRendererParams } from 'ag-grid-community';
import type { CheckRow } from '../api/index.ts';
import { SpanCell } from '../month/grid/spanCell.ts';
import { monthWorkflow } from './monthWorkflow.ts';
import { TICKET_STATUS_LABEL } from './common.ts';

const ticketText = (r: CheckRow | undefined) =>
  r ? (monthWorkflow.of(r.account_id)?.tickets ?? []).map((t) => `Ticket ${t.number} ${TICKET_STATUS_LABEL[t.status]}`).join('; ') : '';

const approvalText = (r: CheckRow | undefined) => {
  const a = r ? monthWorkflow.of(r.account_id)?.approval : null;
  if (!a) return '';
  return a.changed_since_approval ? 'Changed: approve again' : `${a.override ? 'Override' : 'OK'} (${a.approved_by})`;
};

class TicketCell extends SpanCell {
  protected render(p: ICellRendererParams<CheckRow>) {
    this.el.className = 'wf-grid-ticket';
    const tickets = p.data ? (monthWorkflow.of(p.data.account_id)?.tickets ?? []) : [];
    this.el.replaceChildren(
      ...tickets.map((t) => {
        const a = document.createElement('a');
        a.href = `#/tickets/${encodeURIComponent(t.id)}`;
        a.textContent = `#${t.number} ${TICKET_STATUS_LABEL[t.status]}`;
        a.setAttribute('aria-label', `Ticket ${t.number}, ${TICKET_STATUS_LABEL[t.status]}, account ${p.data!.account}`);
        a.tabIndex = -1; // the grid owns keyboard focus; the link opens with a click or from the Tickets page
        return a;
      }),
    );
  }
}

export function workflowColumns(): ColDef<CheckRow>[] {
  return [
    // Pinned right: always in view beside the figures, however wide the Note column is.
    { colId: 'ticket', headerName: 'Ticket', width: 160, pinned: 'right', lockPinned: true, valueGetter: (p) => ticketText(p.data), cellRenderer: TicketCell },
    { colId: 'ok_to_pay', headerName: 'OK to Pay', width: 120, pinned: 'right', lockPinned: true, valueGetter: (p) => approvalText(p.data) },
  ];
}
