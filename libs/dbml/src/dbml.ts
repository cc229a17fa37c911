import { exporter, Parser } from '@dbml/core';
import { normaliseDefault, normaliseType, type ForeignKeyModel, type SchemaModel, type TableModel } from './model';

/** DBML → PostgreSQL DDL, as `dbml2sql --postgres` writes it (without the 284 MB CLI). */
export function dbmlToSql(dbml: string): string {
  return exporter.export(dbml, 'postgres');
}

interface DbmlDefault {
  type: 'expression' | 'string' | 'number' | 'boolean';
  value: string | number | boolean;
}

interface DbmlField {
  name: string;
  type: { type_name: string; schemaName?: string | null };
  not_null?: boolean;
  pk?: boolean;
  unique?: boolean;
  dbdefault?: DbmlDefault;
}

interface DbmlIndex {
  name?: string;
  pk?: boolean;
  unique?: boolean;
  columns: { value: string; type: string }[];
}

interface DbmlTable {
  name: string;
  fields: DbmlField[];
  indexes: DbmlIndex[];
  checks?: { name?: string }[];
}

interface DbmlRef {
  name?: string;
  onDelete?: string;
  endpoints: { schemaName: string | null; tableName: string; fieldNames: string[]; relation: '1' | '*' }[];
}

interface DbmlSchema {
  name: string;
  tables: DbmlTable[];
  enums: { name: string; values: { name: string }[] }[];
  refs: DbmlRef[];
}

/** What the DBML file says about `schema`. Unnamed indexes and references are an error: the database names them. */
export function modelFromDbml(dbml: string, schema: string): SchemaModel {
  const database = new Parser().parse(dbml, 'dbmlv2') as unknown as { schemas: DbmlSchema[] };
  const own = database.schemas.find((candidate) => candidate.name === schema);
  const model: SchemaModel = { enums: {}, tables: {} };
  if (!own) return model;
  for (const enumeration of own.enums) model.enums[enumeration.name] = enumeration.values.map((value) => value.name);
  for (const table of own.tables) model.tables[table.name] = tableFromDbml(table, schema);
  // References may be declared anywhere in the file; keep those between this schema's tables.
  for (const ref of database.schemas.flatMap((candidate) => candidate.refs)) {
    const many = ref.endpoints.find((endpoint) => endpoint.relation === '*');
    const one = ref.endpoints.find((endpoint) => endpoint !== many);
    if (!many || !one || (many.schemaName ?? 'public') !== schema) continue;
    if (!ref.name) throw new Error(`schema.dbml: the reference from ${many.tableName}.${many.fieldNames.join(',')} needs a name`);
    const table = model.tables[many.tableName];
    if (!table) throw new Error(`schema.dbml: reference ${ref.name} starts at an unknown table ${many.tableName}`);
    table.foreignKeys[ref.name] = {
      columns: many.fieldNames,
      references: { table: one.tableName, columns: one.fieldNames },
      onDelete: (ref.onDelete?.toLowerCase() ?? 'no action') as ForeignKeyModel['onDelete'],
    };
  }
  return model;
}

function tableFromDbml(table: DbmlTable, schema: string): TableModel {
  const result: TableModel = { columns: {}, indexes: {}, foreignKeys: {}, checks: [] };
  for (const field of table.fields) {
    result.columns[field.name] = {
      type: normaliseType(field.type.type_name, schema),
      nullable: !field.not_null && !field.pk,
      default: normaliseDefault(sqlOf(field.dbdefault)),
    };
    if (field.pk || field.unique) {
      throw new Error(`schema.dbml: ${table.name}.${field.name} declares [pk] or [unique] inline; declare a named index instead`);
    }
  }
  for (const index of table.indexes) {
    const columns = index.columns.map((column) => column.value);
    if (!index.name) throw new Error(`schema.dbml: an index of ${table.name} on (${columns.join(', ')}) needs a name`);
    result.indexes[index.name] = { columns, unique: Boolean(index.unique || index.pk), primaryKey: Boolean(index.pk) };
  }
  for (const check of table.checks ?? []) {
    if (!check.name) throw new Error(`schema.dbml: a check of ${table.name} needs a name`);
    result.checks.push(check.name);
  }
  result.checks.sort();
  return result;
}

function sqlOf(value: DbmlDefault | undefined): string | null {
  if (!value) return null;
  if (value.type === 'string') return `'${String(value.value).replace(/'/g, "''")}'`;
  return String(value.value);
}
