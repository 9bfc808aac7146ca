// The book of business in and out: the import wizard and the export.
import type { PageProps } from '../shell/routes.ts';
import { InventoryLinks } from './CustomersPage.tsx';
import { ExportBook } from './ExportBook.tsx';
import { ImportWizard } from './ImportWizard.tsx';
import './inventory.css';

export function BookPage(_: PageProps) {
  return (
    <main className="inv-page">
      <header className="inv-header">
        <h1>Import and export the book</h1>
        <nav className="inv-subnav" aria-label="Inventory">
          <InventoryLinks current="book" />
        </nav>
      </header>
      <ImportWizard />
      <ExportBook />
    </main>
  );
}
