/** The header row of a plain table: a label a column (`#` before it: a number column, right-aligned). */
export function TableHead({ columns }: { columns: readonly string[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c) =>
          c.startsWith('#') ? (
            <th key={c} className="num">
              {c.slice(1)}
            </th>
          ) : (
            <th key={c}>{c}</th>
          ),
        )}
      </tr>
    </thead>
  );
}
