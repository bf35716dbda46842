package io.imprint.core.app.iam;

import io.imprint.core.domain.iam.Grants;
import io.imprint.core.domain.iam.Identity;
import io.imprint.core.port.Store;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What each identity holds, read once and kept: every API call asks, and a policy changes rarely. A
 * change made here ({@link #changed}, after its commit) is seen by the next call; one made by
 * another node sharing the database is seen within {@link #MAX_AGE_NANOS}.
 */
public final class AccessService {
  /** How long another node's policy change may go unseen. */
  static final long MAX_AGE_NANOS = 2_000_000_000L;

  /** Identities kept; an account has a few hundred at most, so this only guards against misuse. */
  private static final int MAX_ENTRIES = 10_000;

  /** An identity as an API call knows it: who it is, and what it holds. */
  public record Caller(Identity identity, Grants grants) {}

  private record Held(long generation, long readAt, Optional<Caller> caller) {}

  private final Store store;
  private final Map<String, Held> held = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();

  public AccessService(Store store) {
    this.store = store;
  }

  /**
   * The identity {@code iamId} and the policies it holds, its own and its access groups'; empty
   * when the identity no longer exists.
   */
  public Optional<Caller> callerOf(String iamId) {
    long now = System.nanoTime();
    long current = generation.get();
    var entry = held.get(iamId);
    if (entry != null && entry.generation() == current && now - entry.readAt() < MAX_AGE_NANOS) {
      return entry.caller();
    }
    var caller =
        store.read(
            tx ->
                tx.iam()
                    .getIdentity(iamId)
                    .map(
                        identity ->
                            new Caller(
                                identity,
                                new Grants(
                                    iamId,
                                    tx.policies()
                                        .policiesFor(iamId, tx.accessGroups().groupsOf(iamId))))));
    if (held.size() >= MAX_ENTRIES) {
      held.clear();
    }
    held.put(iamId, new Held(current, now, caller));
    return caller;
  }

  /** Forgets what was read: a policy or a membership changed. Called after the change commits. */
  public void changed() {
    generation.incrementAndGet();
  }
}
