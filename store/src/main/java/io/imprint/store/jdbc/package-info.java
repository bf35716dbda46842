/**
 * JDBC adapters of the core store port for SQLite (the embedded default) and PostgreSQL.
 *
 * <p>{@link io.imprint.store.jdbc.JdbcStore} owns connections and transactions. Each resource table
 * is described once by a {@link io.imprint.store.jdbc.DocTable} (its derived columns and unique
 * keys) and served by one {@code Jdbc…Repository}, which only turns its filter into a {@link
 * io.imprint.store.jdbc.Where}. All SQL of the store is built here, from fixed fragments with
 * {@code ?} parameters; the schema is in {@code db/sqlite} and {@code db/postgres}.
 */
package io.imprint.store.jdbc;
