package io.imprint.core.app.tag;

import io.imprint.core.domain.tag.TagName;
import java.util.List;

/** One page of tag names: Global Tagging pages by offset and limit, not by token. */
public record TagPage(long totalCount, long offset, int limit, List<TagName> items) {}
