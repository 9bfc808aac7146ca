// A message shown just under a cell: why typed or pasted input was refused. One at a time, announced to screen
// readers, and placed with CSSOM (the CSP allows no inline style attributes).
let box: HTMLDivElement | null = null;

export function showCellMessage(cell: HTMLElement, text: string): HTMLElement {
  if (!box) {
    box = document.createElement('div');
    box.id = 'tem-cell-message';
    box.className = 'tem-cell-message';
    box.setAttribute('role', 'alert');
    document.body.appendChild(box);
  }
  const r = cell.getBoundingClientRect();
  box.textContent = text;
  box.style.left = `${Math.round(r.left)}px`;
  box.style.top = `${Math.round(r.bottom + 2)}px`;
  box.hidden = false;
  return box;
}

export function hideCellMessage() {
  if (box) box.hidden = true;
}
