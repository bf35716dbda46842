/**
 * What a customer root key's state does to the images and volumes it protects: disabled, they are
 * unusable until it is enabled again; deleted, for good. Uses {@code domain}, {@code port}, {@code
 * app.disk}, {@code app.event} and {@code app.kms}.
 */
package io.imprint.core.app.encryption;
