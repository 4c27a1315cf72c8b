import {
  Reference,
  ReferenceKind,
  type AnyEntity,
  type EntityManager,
  type EntityMetadata,
  type EntityProperty,
  type MetadataStorage,
  type Platform,
} from '@mikro-orm/core';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { isPostgres } from './dialect.js';
import { kyselyOf } from './sql-rows.js';

/** An entity's value for one column, as the column's bound parameter. */
type ColumnValue = (entity: AnyEntity) => unknown;

/** A many-to-many collection the entity owns, and the statement that writes one of its pivot rows. */
interface Pivot {
  prop: string;
  text: string;
  ownerKey: string;
  itemKey: string;
}

/** How new rows of one entity are written: the statement's text (compiled once), its values, its pivot rows. */
interface InsertPlan {
  text: string;
  values: ColumnValue[];
  pivots: Pivot[];
}

const plans = new WeakMap<MetadataStorage, Map<string, InsertPlan>>();

/** A scalar's value as MikroORM binds it: through its custom type; dates and flags as each database keeps them. */
function scalarParam(prop: EntityProperty, platform: Platform, postgres: boolean): (value: unknown) => unknown {
  const type = prop.customType;
  if (type)
    return (value) => (value == null ? null : type.convertToDatabaseValue(value, platform, { mode: 'query-data' }));
  if (prop.runtimeType === 'Date')
    return (value) => (value == null ? null : postgres ? value : (value as Date).getTime());
  if (prop.runtimeType === 'boolean' && !postgres) return (value) => (value == null ? null : value ? 1 : 0);
  return (value) => value ?? null;
}

/** A reference's primary key, from the entity (or reference to it) the property holds. */
function referenceKey(prop: EntityProperty): (value: unknown) => unknown {
  const key = prop.targetMeta!.primaryKeys[0]!;
  return (value) => (value == null ? null : (Reference.unwrapReference(value as object) as AnyEntity)[key]);
}

/** The statement's text for one row of `columns`, placeholders as the database takes them. */
function insertText(db: Kysely<unknown>, table: string, columns: string[]): string {
  const values = columns.map(() => null);
  return sql`insert into ${sql.table(table)} (${sql.join(columns.map((column) => sql.ref(column)))}) values (${sql.join(values)})`.compile(
    db,
  ).sql;
}

/** What insertNew cannot write the way a flush would: said at once, rather than a row written wrong. */
function unsupported(meta: EntityMetadata, what: string): Error {
  return new Error(`insertNew cannot write ${meta.className}: it has ${what}; persist it with the unit of work`);
}

function makePlan(meta: EntityMetadata, platform: Platform, postgres: boolean, db: Kysely<unknown>): InsertPlan {
  const columns: string[] = [];
  const values: ColumnValue[] = [];
  const pivots: Pivot[] = [];
  if (meta.primaryKeys.length !== 1) throw unsupported(meta, 'a composite primary key');
  for (const prop of meta.props) {
    if (prop.persist === false || prop.formula) continue;
    if (prop.kind === ReferenceKind.EMBEDDED || prop.embedded) throw unsupported(meta, `the embedded ${prop.name}`);
    if (prop.kind !== ReferenceKind.SCALAR && prop.fieldNames.length > 1) {
      throw unsupported(meta, `${prop.name}, a reference by a composite key`);
    }
    const name = prop.name;
    if (prop.kind === ReferenceKind.SCALAR) {
      const param = scalarParam(prop, platform, postgres);
      // A value left unset gets what MikroORM's insert would give it: the default, or a first version.
      const unset: unknown = prop.version ? 1 : prop.default;
      columns.push(prop.fieldNames[0]!);
      values.push((entity) => param(entity[name] === undefined ? unset : entity[name]));
    } else if (prop.kind === ReferenceKind.MANY_TO_ONE || (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner)) {
      const key = referenceKey(prop);
      columns.push(prop.fieldNames[0]!);
      values.push((entity) => key(entity[name]));
    } else if (prop.kind === ReferenceKind.MANY_TO_MANY && prop.owner) {
      const pivotColumns = [prop.joinColumns[0]!, prop.inverseJoinColumns[0]!];
      const text = insertText(db, prop.pivotTable, pivotColumns);
      pivots.push({ prop: name, text, ownerKey: meta.primaryKeys[0]!, itemKey: prop.targetMeta!.primaryKeys[0]! });
    }
  }
  return { text: insertText(db, meta.tableName, columns), values, pivots };
}

function planFor(em: EntityManager, db: Kysely<unknown>, entity: AnyEntity): InsertPlan {
  const metadata = em.getMetadata();
  let byClass = plans.get(metadata);
  if (!byClass) plans.set(metadata, (byClass = new Map()));
  const meta = metadata.get(entity.constructor as new () => AnyEntity);
  let plan = byClass.get(meta.className);
  if (!plan) {
    plan = makePlan(meta, em.getPlatform(), isPostgres(em), db);
    byClass.set(meta.className, plan);
  }
  return plan;
}

/**
 * Writes new entities, each complete, as plain inserts with bound parameters, in the entity
 * manager's transaction, in the order given (a referenced row first), each with the rows of the
 * many-to-many collections it owns. No unit of work: for the one row every change writes and for
 * a `user add`, MikroORM comparing and writing each entity took a tenth of a submitted add's CPU.
 * Tables, columns and types come from the entities' metadata, so each stays defined once, on its
 * entity; the statements' text is made once per entity. The entities are not managed afterwards
 * (persisting one, or an entity that references one, would write it again). A refusal by the
 * database (a unique key, a foreign key) is thrown as MikroORM's exception for it.
 */
export async function insertNew(em: EntityManager, entities: readonly AnyEntity[]): Promise<void> {
  const db = kyselyOf(em);
  try {
    for (const entity of entities) {
      const plan = planFor(em, db, entity);
      await db.executeQuery(
        CompiledQuery.raw(
          plan.text,
          plan.values.map((value) => value(entity)),
        ),
      );
      for (const pivot of plan.pivots) {
        for (const item of (entity[pivot.prop] as { getItems(check: boolean): AnyEntity[] }).getItems(false)) {
          await db.executeQuery(CompiledQuery.raw(pivot.text, [entity[pivot.ownerKey], item[pivot.itemKey]]));
        }
      }
    }
  } catch (error) {
    // The database's own errors (they carry its code), as MikroORM's: a unique key, a foreign key.
    const code = (error as { code?: unknown }).code;
    throw typeof code === 'string' ? em.getDriver().convertException(error as Error) : error;
  }
}
