/**
 * What the application needs from the outside, as interfaces: the metadata store with its
 * transactions and repositories, the blob store, the key wrapper and the event outbox. Implemented
 * by the {@code store} and {@code server} modules. May use {@code domain} packages, never {@code
 * app}.
 */
package io.imprint.core.port;
