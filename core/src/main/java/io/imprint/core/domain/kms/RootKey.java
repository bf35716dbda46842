package io.imprint.core.domain.kms;

import java.time.Instant;

/**
 * A root key's metadata, never its material (that is in its {@link KeyVersion}s, sealed). Root keys
 * are never extractable; {@code imported} when the material was given at creation instead of
 * generated. {@code version} is the row's compare-and-set counter.
 */
public record RootKey(
    String id,
    String instanceId,
    String name,
    String description,
    KeyState state,
    boolean imported,
    Dates dates,
    long version) {

  /**
   * @param lastRotatedAt null until the first rotation
   * @param deletedAt null unless destroyed
   */
  public record Dates(
      Instant createdAt,
      String createdBy,
      Instant updatedAt,
      Instant lastRotatedAt,
      Instant deletedAt,
      String deletedBy) {}

  /** The same key in state {@code next} at {@code at}, one version on (a destroy also dates it). */
  public RootKey moved(KeyState next, Instant at, String by) {
    var d = dates;
    var dated =
        next == KeyState.DESTROYED
            ? new Dates(d.createdAt(), d.createdBy(), at, d.lastRotatedAt(), at, by)
            : new Dates(d.createdAt(), d.createdBy(), at, d.lastRotatedAt(), null, null);
    return new RootKey(id, instanceId, name, description, next, imported, dated, version + 1);
  }

  /** The same key rotated at {@code at}, one version on. */
  public RootKey rotated(Instant at) {
    var d = dates;
    return new RootKey(
        id,
        instanceId,
        name,
        description,
        state,
        imported,
        new Dates(d.createdAt(), d.createdBy(), at, at, d.deletedAt(), d.deletedBy()),
        version + 1);
  }
}
