/**
 * The data plane's vocabulary: a disk (a map from chunk index to an immutable, encrypted blob),
 * chunk references and wrapped data keys. Uses only the JDK.
 */
package io.imprint.core.domain.disk;
