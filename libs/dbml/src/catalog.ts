import { normaliseDefault, normaliseType, type ForeignKeyModel, type SchemaModel, type TableModel } from './model';

/** Tables that belong to the tools, not to the schema people design. */
const TOOL_TABLES = new Set(['seaql_migrations']);

const ON_DELETE: Record<string, ForeignKeyModel['onDelete']> = {
  a: 'no action',
  r: 'restrict',
  c: 'cascade',
  n: 'set null',
  d: 'set default',
};

/** Runs one statement and returns its single value as text (the shape of a runtime's `database.query`). */
export type QueryText = (sql: string) => Promise<string>;

/** The rows of `select`, carried as one JSON value so that any text-only channel (psql, a driver) returns them whole. */
async function rows<Row>(query: QueryText, select: string): Promise<Row[]> {
  return JSON.parse(await query(`SELECT coalesce(json_agg(r), '[]')::text FROM (${select}) r`)) as Row[];
}

/** What the live database's catalog says about `schema`. */
export async function modelFromDatabase(query: QueryText, schema: string): Promise<SchemaModel> {
  const inSchema = `n.nspname = '${schema.replaceAll("'", "''")}'`;
  const model: SchemaModel = { enums: {}, tables: {} };
  const table = (name: string): TableModel => (model.tables[name] ??= { columns: {}, indexes: {}, foreignKeys: {}, checks: [] });

  const enums = await rows<{ name: string; labels: string[] }>(
    query,
    `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS labels
     FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE ${inSchema} GROUP BY t.typname`,
  );
  for (const row of enums) model.enums[row.name] = row.labels;

  const columns = await rows<{ table: string; column: string; type: string; not_null: boolean; default: string | null }>(
    query,
    `SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null, CASE WHEN a.attgenerated = '' THEN pg_get_expr(d.adbin, d.adrelid) END AS default
     FROM pg_class c
     JOIN pg_namespace n ON n.oid = c.relnamespace
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
     WHERE ${inSchema} AND c.relkind IN ('r', 'p')
     ORDER BY c.relname, a.attnum`,
  );
  for (const row of columns) {
    if (TOOL_TABLES.has(row.table)) continue;
    table(row.table).columns[row.column] = {
      type: normaliseType(row.type, schema),
      nullable: !row.not_null,
      default: normaliseDefault(row.default),
    };
  }

  const columnList = (relation: string, keys: string) =>
    `array(SELECT a.attname::text FROM unnest(${keys}) WITH ORDINALITY k(attnum, position)
           JOIN pg_attribute a ON a.attrelid = ${relation} AND a.attnum = k.attnum ORDER BY k.position)`;

  const indexes = await rows<{ table: string; name: string; unique: boolean; primary: boolean; columns: string[] }>(
    query,
    `SELECT t.relname AS table, i.relname AS name, x.indisunique AS unique, x.indisprimary AS primary,
            ${columnList('t.oid', 'x.indkey')} AS columns
     FROM pg_index x
     JOIN pg_class i ON i.oid = x.indexrelid
     JOIN pg_class t ON t.oid = x.indrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     WHERE ${inSchema}`,
  );
  for (const row of indexes) {
    if (TOOL_TABLES.has(row.table)) continue;
    table(row.table).indexes[row.name] = { columns: row.columns, unique: row.unique, primaryKey: row.primary };
  }

  const constraints = await rows<{
    table: string;
    name: string;
    kind: string;
    references: string | null;
    columns: string[];
    referenced_columns: string[] | null;
    on_delete: string;
  }>(
    query,
    `SELECT t.relname AS table, c.conname AS name, c.contype AS kind, r.relname AS references,
            ${columnList('c.conrelid', 'c.conkey')} AS columns,
            CASE WHEN c.contype = 'f' THEN ${columnList('c.confrelid', 'c.confkey')} END AS referenced_columns,
            c.confdeltype AS on_delete
     FROM pg_constraint c
     JOIN pg_class t ON t.oid = c.conrelid
     JOIN pg_namespace n ON n.oid = t.relnamespace
     LEFT JOIN pg_class r ON r.oid = c.confrelid
     WHERE ${inSchema} AND c.contype IN ('f', 'c')`,
  );
  for (const row of constraints) {
    if (TOOL_TABLES.has(row.table)) continue;
    if (row.kind === 'c') {
      table(row.table).checks.push(row.name);
    } else {
      table(row.table).foreignKeys[row.name] = {
        columns: row.columns,
        references: { table: row.references ?? '', columns: row.referenced_columns ?? [] },
        onDelete: ON_DELETE[row.on_delete] ?? 'no action',
      };
    }
  }
  for (const each of Object.values(model.tables)) each.checks.sort();
  return model;
}
