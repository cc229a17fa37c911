export { modelFromDatabase } from './catalog';
export { dbmlToSql, modelFromDbml } from './dbml';
export { schemaDrift } from './drift';
export { erdSvg } from './erd';
export type { ColumnModel, ForeignKeyModel, IndexModel, SchemaModel, TableModel } from './model';
