import type { SchemaModel, TableModel } from './model';

/**
 * Every difference between what schema.dbml says and what the database has, one readable line each; empty when
 * they agree.
 */
export function schemaDrift(documented: SchemaModel, live: SchemaModel): string[] {
  const lines: string[] = [];
  compareNames('enum', documented.enums, live.enums, lines, (name, expected, actual) => {
    if (expected.join(',') !== actual.join(',')) {
      lines.push(`enum ${name}: values (${expected.join(', ')}) in schema.dbml, (${actual.join(', ')}) in the database`);
    }
  });
  compareNames('table', documented.tables, live.tables, lines, (name, expected, actual) => compareTables(name, expected, actual, lines));
  return lines;
}

function compareNames<T>(
  kind: string,
  expected: Record<string, T>,
  actual: Record<string, T>,
  lines: string[],
  both: (name: string, expected: T, actual: T) => void,
): void {
  for (const name of [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort()) {
    if (!(name in actual)) lines.push(`${kind} ${name} is in schema.dbml but not in the database`);
    else if (!(name in expected)) lines.push(`${kind} ${name} is in the database but not in schema.dbml`);
    else both(name, expected[name], actual[name]);
  }
}

function compareTables(table: string, expected: TableModel, actual: TableModel, lines: string[]): void {
  const within: string[] = [];
  compareNames('column', expected.columns, actual.columns, within, (name, want, have) => {
    for (const property of ['type', 'nullable', 'default'] as const) {
      if (want[property] !== have[property]) {
        within.push(`column ${name}: ${property} ${show(want[property])} in schema.dbml, ${show(have[property])} in the database`);
      }
    }
  });
  compareNames('index', expected.indexes, actual.indexes, within, (name, want, have) => {
    if (JSON.stringify(want) !== JSON.stringify(have)) {
      within.push(`index ${name}: ${describeIndex(want)} in schema.dbml, ${describeIndex(have)} in the database`);
    }
  });
  compareNames('foreign key', expected.foreignKeys, actual.foreignKeys, within, (name, want, have) => {
    if (JSON.stringify(want) !== JSON.stringify(have)) {
      within.push(`foreign key ${name}: ${describeKey(want)} in schema.dbml, ${describeKey(have)} in the database`);
    }
  });
  const asRecord = (names: string[]) => Object.fromEntries(names.map((name) => [name, name]));
  compareNames('check', asRecord(expected.checks), asRecord(actual.checks), within, () => {});
  lines.push(...within.map((line) => `table ${table}: ${line}`));
}

function show(value: string | boolean | null): string {
  return value === null ? 'none' : String(value);
}

function describeIndex(index: { columns: string[]; unique: boolean; primaryKey: boolean }): string {
  const kind = index.primaryKey ? 'primary key' : index.unique ? 'unique' : 'index';
  return `${kind} (${index.columns.join(', ')})`;
}

function describeKey(key: { columns: string[]; references: { table: string; columns: string[] }; onDelete: string }): string {
  return `(${key.columns.join(', ')}) → ${key.references.table} (${key.references.columns.join(', ')}) on delete ${key.onDelete}`;
}
