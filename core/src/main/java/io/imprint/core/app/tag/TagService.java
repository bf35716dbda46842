package io.imprint.core.app.tag;

import io.imprint.core.app.common.Deployment;
import io.imprint.core.app.event.EventRecorder;
import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.Crns;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Target;
import io.imprint.core.domain.event.Change;
import io.imprint.core.domain.event.Subject;
import io.imprint.core.domain.tag.TagName;
import io.imprint.core.domain.tag.TaggedResource;
import io.imprint.core.port.Store;
import io.imprint.core.port.Tx;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The subset of IBM's Global Tagging API that Imprint serves: user tags on its images, volumes and
 * instances, named by CRN. A volume's {@code user_tags} are these same tags.
 *
 * <p>Each tag change records an event in its own transaction, with Activity Tracker's actions for
 * tagging, {@value #ATTACH} and {@value #DETACH} (IBM's account-management events), the tagged
 * resource as the target and the tag names in the response data.
 */
public final class TagService {
  static final String ATTACH = "global-search-tagging.tag.attach";
  static final String DETACH = "global-search-tagging.tag.detach";

  /** IBM's limit on the resources of one attach or detach. */
  static final int MAX_RESOURCES = 100;

  private static final String USER = "user";

  private final Store store;
  private final Deployment deployment;
  private final EventRecorder events;

  public TagService(Store store, Deployment deployment, EventRecorder events) {
    this.store = store;
    this.deployment = deployment;
    this.events = events;
  }

  /** Attaches {@code tagNames} to each resource that {@code resourceIds} (CRNs) names. */
  public List<TagResult> attachTags(
      List<String> resourceIds, List<String> tagNames, String tagType) {
    return change(resourceIds, tagNames, tagType, ATTACH);
  }

  /** Detaches {@code tagNames} from each resource; a tag a resource does not carry is no error. */
  public List<TagResult> detachTags(
      List<String> resourceIds, List<String> tagNames, String tagType) {
    return change(resourceIds, tagNames, tagType, DETACH);
  }

  /**
   * The tags attached to the resource {@code attachedTo} (a CRN), or all the account's tags when it
   * is null, by name. A CRN that names nothing of this account has no tags, as Global Tagging
   * answers a search that finds nothing.
   */
  public TagPage listTags(String attachedTo, String tagType, long offset, int limit) {
    requireUserTags(tagType);
    return store.read(
        tx -> {
          if (attachedTo == null) {
            return new TagPage(tx.tags().count(), offset, limit, tx.tags().list(offset, limit));
          }
          var all =
              resolve(tx, attachedTo).map(r -> tx.tags().tagsOf(r.tagged())).orElse(List.of());
          var from = (int) Math.min(offset, all.size());
          var to = (int) Math.min((long) from + limit, all.size());
          return new TagPage(all.size(), offset, limit, all.subList(from, to));
        });
  }

  private List<TagResult> change(
      List<String> resourceIds, List<String> rawNames, String tagType, String action) {
    requireUserTags(tagType);
    if (resourceIds == null || resourceIds.isEmpty()) {
      throw ApiException.invalid(
          ErrorCode.VALIDATION_REQUIRED_FIELD,
          "resources",
          null,
          "resources is required: name at least one resource by its resource_id (a CRN).");
    }
    if (resourceIds.size() > MAX_RESOURCES) {
      throw ApiException.invalid(
          ErrorCode.VALIDATION_MAX_VALUE,
          "resources",
          resourceIds.size(),
          "At most " + MAX_RESOURCES + " resources in one request.");
    }
    var names = TagName.all("tag_names", rawNames);
    if (names.isEmpty()) {
      throw ApiException.invalid(
          ErrorCode.VALIDATION_REQUIRED_FIELD,
          "tag_names",
          null,
          "tag_name or tag_names is required: name at least one tag.");
    }
    var joined = names.stream().map(TagName::value).collect(Collectors.joining(","));
    return store.write(
        tx -> {
          var results = new ArrayList<TagResult>(resourceIds.size());
          for (var crn : resourceIds) {
            var resource = resolve(tx, crn);
            if (resource.isEmpty()) {
              results.add(new TagResult(crn, notFoundMessage(crn)));
              continue;
            }
            var tagged = resource.get().tagged();
            if (action.equals(ATTACH)) {
              var carried = tx.tags().tagsOf(tagged);
              long added = names.stream().filter(n -> !carried.contains(n)).count();
              if (carried.size() + added > TagName.MAX_PER_RESOURCE) {
                results.add(
                    new TagResult(
                        crn,
                        "The resource would carry more than "
                            + TagName.MAX_PER_RESOURCE
                            + " user tags."));
                continue;
              }
              names.forEach(n -> tx.tags().attach(tagged, n));
            } else {
              names.forEach(n -> tx.tags().detach(tagged, n));
            }
            events.record(
                tx,
                Change.ofAction(action, resource.get().subject(), 200, USER)
                    .with("tagNames", joined));
            results.add(new TagResult(crn, null));
          }
          return results;
        });
  }

  /** A resource found by its CRN: what to tag, and who it is in the event. */
  private record Found(TaggedResource tagged, Subject subject) {}

  /**
   * The resource {@code crn} names, if it is one of this account's images, volumes or instances at
   * the location the CRN says; a stock image (the provider's) is not the account's to tag.
   */
  private Optional<Found> resolve(Tx tx, String crn) {
    var parts = Crns.parse(crn).filter(p -> p.account().equals(deployment.accountId()));
    if (parts.isEmpty()) {
      return Optional.empty();
    }
    var p = parts.get();
    var type = TaggedResource.Type.ofCrnType(p.type());
    if (type == null) {
      return Optional.empty();
    }
    var region = deployment.region().name();
    return switch (type) {
      case IMAGE ->
          tx.images()
              .get(p.id())
              .filter(i -> p.location().equals(region))
              .filter(i -> i.ownerAccountId().equals(deployment.accountId()))
              .map(i -> new Found(TaggedResource.image(i.id()), Subject.of(i)));
      case VOLUME ->
          tx.volumes()
              .get(p.id())
              .filter(v -> p.location().equals(v.zone()))
              .map(v -> new Found(TaggedResource.volume(v.id()), Subject.of(v)));
      case INSTANCE ->
          tx.instances()
              .get(p.id())
              .filter(i -> p.location().equals(i.zone()))
              .map(i -> new Found(TaggedResource.instance(i.id()), Subject.of(i)));
    };
  }

  /** Only user tags are served; IBM's access and service tags are not. */
  private static void requireUserTags(String tagType) {
    if (tagType != null && !tagType.equals(USER)) {
      throw new ApiException(
          ErrorCode.INVALID_VALUE,
          "The tag_type '"
              + tagType
              + "' is not supported here: Imprint serves user tags only (tag_type=user).",
          Target.parameter("tag_type", tagType));
    }
  }

  private static String notFoundMessage(String crn) {
    return "The resource "
        + crn
        + " was not found: name an image, volume or instance of this account by its CRN.";
  }
}
