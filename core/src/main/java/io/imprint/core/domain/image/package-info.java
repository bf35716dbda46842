/**
 * Images: the record, its statuses, the lifecycle transition table ({@link
 * io.imprint.core.domain.image.ImageLifecycle}) with IBM's guards, and the requests that create,
 * patch and filter images. Uses {@code domain.common} and {@code domain.catalog}.
 */
package io.imprint.core.domain.image;
