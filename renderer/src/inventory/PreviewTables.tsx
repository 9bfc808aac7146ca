// The preview of a book file: every problem by row and column, and the parsed rows with the bad cells marked.
import { useState } from 'react';
import type { ApiOutput } from '../api/index.ts';

type Preview = ApiOutput<'book.preview'>;
const PROBLEM_PAGE = 2000;

export function PreviewTables({ preview, map }: { preview: Preview; map: Record<string, string> }) {
  const [shown, setShown] = useState(PROBLEM_PAGE);
  const fields = preview.fields.filter((f) => preview.columns[f.name] !== undefined || map[f.name]);
  const headerOf = (field: string) => {
    const i = preview.columns[field];
    return i === undefined ? (map[field] ?? field) : (preview.headers[i] ?? field);
  };
  const reasons = new Map<string, string[]>();
  for (const p of preview.problems) {
    const k = `${p.row}|${p.column}`;
    reasons.set(k, [...(reasons.get(k) ?? []), p.reason]);
  }
  const problems = preview.problems.slice(0, shown);
  return (
    <>
      {preview.missing.length ? <p className="inv-error">No column for {preview.missing.join(', ')}: rows were not checked.</p> : null}
      {preview.problems.length ? (
        <div className="inv-scroll">
          <table className="inv-table" aria-label="Problems">
            <caption>Problems, by row and column</caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Column</th>
                <th scope="col">Value</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {problems.map((p, i) => (
                <tr key={i}>
                  <td className="inv-num">{p.row}</td>
                  <td>{p.column}</td>
                  <td>{p.value}</td>
                  <td>{p.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.problems.length > shown ? (
            <button type="button" onClick={() => setShown((s) => s + PROBLEM_PAGE * 5)}>
              Show {Math.min(PROBLEM_PAGE * 5, preview.problems.length - shown).toLocaleString('en-US')} more problems
            </button>
          ) : null}
        </div>
      ) : (
        <p>No problem found.</p>
      )}
      <div className="inv-scroll">
        <table className="inv-table inv-preview-rows" aria-label="Parsed rows">
          <caption>Parsed rows</caption>
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Check</th>
              {fields.map((f) => (
                <th key={f.name} scope="col">
                  {f.label}
                  <span className="inv-from"> ({headerOf(f.name)})</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((r) => (
              <tr key={r.row} className={r.ok ? undefined : 'inv-row-bad'}>
                <td className="inv-num">{r.row}</td>
                <td>{r.ok ? 'OK' : 'Problem'}</td>
                {fields.map((f) => {
                  const why = reasons.get(`${r.row}|${headerOf(f.name)}`);
                  return (
                    <td key={f.name} className={why ? 'inv-cell-bad' : undefined}>
                      {r.values[f.name] ?? ''}
                      {why ? <span className="inv-cell-why"> ⚠ {why.join('; ')}</span> : null}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
