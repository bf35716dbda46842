/**
 * Global Tagging's user tags: what a tag name may be ({@link io.imprint.core.domain.tag.TagName})
 * and which resources carry tags ({@link io.imprint.core.domain.tag.TaggedResource}). Uses {@code
 * domain.common} only.
 */
package io.imprint.core.domain.tag;
