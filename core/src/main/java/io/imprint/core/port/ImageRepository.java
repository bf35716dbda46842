package io.imprint.core.port;

import io.imprint.core.domain.iam.ReadScope;
import io.imprint.core.domain.image.Image;
import io.imprint.core.domain.image.ImageFilter;
import io.imprint.core.domain.image.ImageSort;
import io.imprint.core.domain.image.ImageStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Images. {@link ImageFilter.Owner} needs the caller's account, so the filter is passed with it in
 * {@link Query}, with the order of the list ({@code sort}; null: the order images were stored in).
 */
public interface ImageRepository extends Repository<Image, ImageRepository.Query> {
  record Query(ImageFilter filter, String callerAccountId, ImageSort sort) {
    public Query(ImageFilter filter, String callerAccountId) {
      this(filter, callerAccountId, null);
    }
  }

  /**
   * How many images of each status {@code query} selects, as far as {@code scope} lets the caller
   * see; a status no image has is absent.
   */
  Map<ImageStatus, Long> countByStatus(Query query, ReadScope scope);

  /**
   * Images with a lifecycle date that has come (available past deprecation, available or deprecated
   * past obsolescence), in no particular order, read whole so the scheduler needs no second read
   * per image.
   */
  List<Image> dueForLifecycle(Instant now, int limit);

  /**
   * The images among {@code ids} that exist, in no particular order: a change that moves many
   * images at once (a root key's) reads them in a few queries instead of one per image.
   */
  List<Image> getAll(Collection<String> ids);

  /**
   * Status changes of many images at once (the status and nothing else may differ from the stored
   * image, dates included), each a compare-and-set on its version like {@link #update}; per image,
   * in order, whether it won.
   */
  boolean[] updateStatuses(List<Image> images);

  /** An advance warning of a lifecycle date: which image, which date, and how long before it. */
  record Warning(String imageId, String event, Instant dueAt, Duration lead) {}

  /**
   * Warnings whose moment has come ({@code dueAt - lead <= now < dueAt}) and that were not given
   * yet.
   */
  List<Warning> dueWarnings(Instant now, Duration lead, int limit);

  /** Records a warning as given; false when it already was (so each is given exactly once). */
  boolean recordWarning(Warning warning);

  /** The next moment a warning with this lead falls due after {@code after}. */
  Optional<Instant> nextWarningDue(Instant after, Duration lead);

  /** The earliest lifecycle date after {@code after} that will move an image, if any. */
  Optional<Instant> nextLifecycleDue(Instant after);
}
