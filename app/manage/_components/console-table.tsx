import type { ReactNode } from "react";

/** The console's tables: a bordered frame, a header row of column names, and a line saying so when there is no row. */
export function ConsoleTable({
  columns,
  empty,
  isEmpty,
  testId,
  children,
}: {
  columns: string[];
  empty: string;
  isEmpty: boolean;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid={testId}>
        <thead className="bg-slate-50 text-left text-slate-600">
          <tr>
            {columns.map((name) => (
              <th key={name} scope="col" className="px-4 py-2 font-medium">
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 align-top">
          {children}
          {isEmpty ? (
            <tr>
              <td colSpan={columns.length} className="px-4 py-6 text-center text-slate-500">
                {empty}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
