import { ModelExporter, Parser } from '@dbml/core';
import { run } from '@softwaretechnik/dbml-renderer';

/**
 * An entity-relationship diagram of the DBML as SVG, drawn offline (Graphviz compiled to WebAssembly). The file
 * goes through @dbml/core first: the renderer reads a smaller dialect (no `checks`), and names read better without
 * the schema in front of every table.
 */
export function erdSvg(dbml: string, schema: string): string {
  const database = new Parser().parse(dbml, 'dbmlv2') as unknown as { schemas: { tables: { checks: unknown[] }[] }[] };
  for (const table of database.schemas.flatMap((each) => each.tables)) table.checks = [];
  const simplified = (ModelExporter.export(database as never, 'dbml', false) as string).replaceAll(`"${schema}".`, '');
  return run(simplified, 'svg');
}
