package io.imprint.core.domain.image;

import java.util.Set;

/**
 * The filters of {@code listImages}. Null means "not filtered". {@code owner} selects by owning
 * account: {@link Owner#mine()}, {@link Owner#others()} or {@link Owner#account(String)}. {@code
 * tag} selects the images carrying that user tag, and {@code search} those whose name contains it,
 * ignoring the case of ASCII letters (Imprint extensions: IBM's images have no tags, and its list
 * matches names only whole).
 */
public record ImageFilter(
    Set<ImageStatus> statuses,
    Image.Visibility visibility,
    String name,
    String resourceGroupId,
    Set<String> userDataFormats,
    Owner owner,
    String tag,
    String search) {

  public ImageFilter(
      Set<ImageStatus> statuses,
      Image.Visibility visibility,
      String name,
      String resourceGroupId,
      Set<String> userDataFormats,
      Owner owner,
      String tag) {
    this(statuses, visibility, name, resourceGroupId, userDataFormats, owner, tag, null);
  }

  public static ImageFilter none() {
    return new ImageFilter(null, null, null, null, null, null, null, null);
  }

  /** This filter without its status filter: what the status counts of a list are taken over. */
  public ImageFilter anyStatus() {
    return new ImageFilter(
        null, visibility, name, resourceGroupId, userDataFormats, owner, tag, search);
  }

  public record Owner(Kind kind, String accountId) {
    public enum Kind {
      MINE,
      OTHERS,
      ACCOUNT
    }

    public static Owner mine() {
      return new Owner(Kind.MINE, null);
    }

    public static Owner others() {
      return new Owner(Kind.OTHERS, null);
    }

    public static Owner account(String id) {
      return new Owner(Kind.ACCOUNT, id);
    }
  }
}
