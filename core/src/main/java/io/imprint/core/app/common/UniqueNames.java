package io.imprint.core.app.common;

import io.imprint.core.domain.common.ApiException;
import io.imprint.core.domain.common.ErrorCode;
import io.imprint.core.domain.common.Names;
import io.imprint.core.domain.common.Target;
import io.imprint.core.port.DuplicateNameException;
import io.imprint.core.port.Repository;
import java.util.random.RandomGenerator;

/**
 * Names are unique per resource kind in the region. Services check first, for a clear error, and
 * the store's unique index backs the check up where a database lets two writers race (PostgreSQL).
 */
public final class UniqueNames {
  private UniqueNames() {}

  public static void requireUnused(Repository<?, ?> repo, String kind, String field, String name) {
    if (repo.findByName(name).isPresent()) {
      throw taken(kind, field, name);
    }
  }

  /**
   * {@code given}, or when it is null a generated name that no resource of this kind has yet.
   * Generated names come from under a million word combinations, so a region with hundreds of
   * resources meets a taken one now and then; the user asked for no name in particular, so that
   * must not fail their request.
   */
  public static String orGenerated(Repository<?, ?> repo, String given, RandomGenerator random) {
    if (given != null) {
      return given;
    }
    for (int attempt = 0; attempt < 100; attempt++) {
      var name = Names.generate(random);
      if (repo.findByName(name).isEmpty()) {
        return name;
      }
    }
    throw new IllegalStateException("100 generated names in a row were all taken");
  }

  /** Runs an insert or update, turning the store's duplicate-name refusal into the API error. */
  public static void guard(String kind, String field, String name, Runnable write) {
    try {
      write.run();
    } catch (DuplicateNameException e) {
      throw taken(kind, field, name);
    }
  }

  private static ApiException taken(String kind, String field, String name) {
    return new ApiException(
        ErrorCode.VALIDATION_UNIQUE_FAILED,
        "The name '"
            + name
            + "' is already used by another "
            + kind
            + " in this region; choose another name.",
        Target.field(field, name));
  }
}
