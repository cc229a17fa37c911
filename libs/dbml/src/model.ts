/**
 * A schema reduced to what both sides can say and compare: the DBML file people read, and the catalog of a live
 * PostgreSQL database. Names are unqualified (one schema at a time); types and defaults are normalised.
 */
export interface SchemaModel {
  enums: Record<string, string[]>;
  tables: Record<string, TableModel>;
}

export interface TableModel {
  columns: Record<string, ColumnModel>;
  /** Every index, including the ones behind primary keys and unique constraints. */
  indexes: Record<string, IndexModel>;
  foreignKeys: Record<string, ForeignKeyModel>;
  /** Check constraints, by name (expressions are not compared: PostgreSQL rewrites them). */
  checks: string[];
}

export interface ColumnModel {
  type: string;
  nullable: boolean;
  /** A generated column's expression is not compared, as DBML cannot say it: a note names it. */
  default: string | null;
}

export interface IndexModel {
  columns: string[];
  unique: boolean;
  primaryKey: boolean;
}

export interface ForeignKeyModel {
  columns: string[];
  references: { table: string; columns: string[] };
  onDelete: 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';
}

/** Type names as PostgreSQL's format_type spells them. */
const TYPE_ALIASES: Record<string, string> = {
  timestamptz: 'timestamp with time zone',
  timestamp: 'timestamp without time zone',
  timetz: 'time with time zone',
  time: 'time without time zone',
  int: 'integer',
  int4: 'integer',
  int8: 'bigint',
  int2: 'smallint',
  bool: 'boolean',
  varchar: 'character varying',
  float8: 'double precision',
  float4: 'real',
  decimal: 'numeric',
};

export function normaliseType(type: string, schema: string): string {
  const bare = type.trim().toLowerCase().replace(/"/g, '');
  const unqualified = bare.startsWith(`${schema}.`) ? bare.slice(schema.length + 1) : bare;
  return TYPE_ALIASES[unqualified] ?? unqualified;
}

/** A default as an SQL expression without casts: `'member'::organization_role` and DBML's `'member'` agree. */
export function normaliseDefault(expression: string | null): string | null {
  if (expression === null) return null;
  let value = expression.trim();
  for (;;) {
    const unwrapped = value.startsWith('(') && value.endsWith(')') ? value.slice(1, -1).trim() : value;
    const uncast = unwrapped.replace(/::[a-z_][a-z0-9_."\s]*(\[\])?$/i, '').trim();
    if (uncast === value) return value;
    value = uncast;
  }
}
