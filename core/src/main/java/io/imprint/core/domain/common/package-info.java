/**
 * What every feature shares: IBM's error codes and the exception that carries one ({@link
 * io.imprint.core.domain.common.ErrorCode}, {@link io.imprint.core.domain.common.ApiException}),
 * names, paging, references and status reasons. Uses only the JDK.
 */
package io.imprint.core.domain.common;
