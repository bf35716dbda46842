package io.imprint.core.port;

import java.util.function.Function;

/**
 * The metadata store port. Work runs in a transaction that sees one consistent state: {@link
 * #write} commits all of its changes or none; {@link #read} never writes. Implementations serialise
 * writers where the database needs it (SQLite), so a service may check a rule and act on it in one
 * write transaction without a race. A read or write called inside a running transaction on the same
 * thread joins it; a write inside a read is refused.
 */
public interface Store extends AutoCloseable {
  <T> T read(Function<Tx, T> work);

  <T> T write(Function<Tx, T> work);

  @Override
  void close();
}
