/**
 * Global Tagging's user tags: attaching and detaching them by CRN, and listing them. Uses {@code
 * domain}, {@code port}, {@code app.common} and {@code app.event}.
 */
package io.imprint.core.app.tag;
