package io.imprint.core.port;

import io.imprint.core.domain.tag.TagName;
import io.imprint.core.domain.tag.TaggedResource;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Global Tagging's user tags: which tag names each resource carries. A name is attached to a
 * resource at most once; the account's tags are the names attached to anything.
 */
public interface TagRepository {
  /** Attaches {@code tag} to {@code resource}; false when it was attached already. */
  boolean attach(TaggedResource resource, TagName tag);

  /** Detaches {@code tag} from {@code resource}; false when it was not attached. */
  boolean detach(TaggedResource resource, TagName tag);

  /** Detaches every tag of {@code resource} (it is being deleted). */
  void detachAll(TaggedResource resource);

  /** The tags of {@code resource}, by name. */
  List<TagName> tagsOf(TaggedResource resource);

  /**
   * The tags of the resources of {@code type} named by {@code ids} (a page of a list), each by
   * name; a resource without tags is absent.
   */
  Map<String, List<TagName>> tagsOf(TaggedResource.Type type, Collection<String> ids);

  /** At most {@code limit} of the account's distinct tag names, by name, from {@code offset}. */
  List<TagName> list(long offset, int limit);

  /** How many distinct tag names the account has. */
  long count();
}
