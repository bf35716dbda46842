package io.imprint.core.app.kms;

import io.imprint.core.app.event.EventRecorder;
import io.imprint.core.app.job.JobHandler;
import io.imprint.core.app.job.JobKind;
import io.imprint.core.app.job.PayloadText;
import io.imprint.core.domain.event.Change;
import io.imprint.core.domain.event.Subject;
import io.imprint.core.domain.job.Job;
import io.imprint.core.domain.kms.KeyState;
import io.imprint.core.domain.kms.KeyVersion;
import io.imprint.core.port.Store;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a rotation: every stored data key the root key wraps (rows of {@code data_keys} whose root
 * key is the key's CRN) is unwrapped with the version that wrapped it and wrapped again under the
 * version the rotation made, page by page, each with a compare-and-set, reporting progress (data
 * keys done of all). The data itself is never touched: a data key stays the same, only its wrapping
 * changes. Data keys are wrapped without aad. Idempotent: a run again after a crash skips what is
 * already under the new version, and a later rotation's job does what this one left.
 */
public final class KeyRewrapJob implements JobHandler<KeyRewrapJob.Payload> {
  /** Rewrap under version {@code number} of key {@code keyId}. */
  public record Payload(String keyId, int number) {}

  public static final JobKind<Payload> KIND =
      new JobKind<>(
          "key.rewrap",
          new JobKind.Codec<>() {
            @Override
            public String encode(Payload p) {
              return PayloadText.write("key", p.keyId(), "version", Integer.toString(p.number()));
            }

            @Override
            public Payload decode(String text) {
              var fields =
                  PayloadText.read(text)
                      .orElseThrow(() -> new IllegalArgumentException("not a rewrap: " + text));
              return new Payload(
                  PayloadText.require(fields, "key"),
                  Integer.parseInt(PayloadText.require(fields, "version")));
            }
          },
          true);

  private static final Logger log = LoggerFactory.getLogger(KeyRewrapJob.class);
  private static final int PAGE = 100;

  private final Store store;
  private final KeyCrypto crypto;
  private final Keys keys;
  private final EventRecorder events;

  KeyRewrapJob(Store store, KeyCrypto crypto, Keys keys, EventRecorder events) {
    this.store = store;
    this.crypto = crypto;
    this.keys = keys;
    this.events = events;
  }

  /** The job's resource id: one job per version a rotation made. */
  static String resourceOf(KeyVersion version) {
    return version.keyId() + "/" + version.number();
  }

  @Override
  public JobKind<Payload> kind() {
    return KIND;
  }

  @Override
  public void run(Job job, Payload payload, Progress progress) {
    var key = store.read(tx -> tx.keys().get(payload.keyId())).orElse(null);
    if (key == null || key.state() == KeyState.DESTROYED) {
      // nothing can be unwrapped any more; the data keys are lost with the key, as Key Protect's
      throw new IllegalStateException("key " + payload.keyId() + " is destroyed");
    }
    var crn = keys.crn(key);
    List<KeyVersion> versions = store.read(tx -> tx.keys().versions(key.id()));
    var target =
        versions.stream()
            .filter(v -> v.number() == payload.number())
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("no version " + payload.number()));
    var targetMaterial = crypto.unseal(target);
    long total = store.read(tx -> tx.disks().countDataKeysWrappedBy(crn));
    long done = 0;
    long rewrapped = 0;
    progress.report(0, total);
    String after = null;
    while (true) {
      var from = after;
      var page = store.read(tx -> tx.disks().dataKeysWrappedBy(crn, from, PAGE));
      if (page.isEmpty()) {
        break;
      }
      for (var dataKey : page) {
        var version =
            KeyCrypto.versionOf(dataKey.wrapped())
                .flatMap(id -> versions.stream().filter(v -> v.id().equals(id)).findFirst());
        if (version.isEmpty()) {
          log.warn("data key {} is not wrapped by any version of key {}", dataKey.id(), crn);
        } else if (version.get().number() < target.number()) {
          var plain =
              crypto.unwrap(
                  version.get(), crypto.unseal(version.get()), dataKey.wrapped(), List.of());
          var again = crypto.wrap(target, targetMaterial, plain, List.of());
          // a data key rewrapped meanwhile (by a later rotation's job) keeps that wrapping
          if (store.write(tx -> tx.disks().rewrapDataKey(dataKey.id(), dataKey.wrapped(), again))) {
            rewrapped++;
          }
        }
        done++;
        progress.report(done, Math.max(total, done));
      }
      after = page.getLast().id();
    }
    long count = rewrapped;
    store.write(
        tx -> {
          events.record(
              tx,
              Change.of(Subject.of(key), "rewrap", 200, "job")
                  .with("keyVersion", target.id())
                  .with("dataKeysRewrapped", Long.toString(count)));
          progress.succeedIn(tx);
          return null;
        });
  }

  @Override
  public void failed(Job job, Payload payload, String reason) {
    log.warn(
        "rewrapping the data keys of key {} failed: {}; they still unwrap under their version",
        payload == null ? job.resourceId() : payload.keyId(),
        reason);
  }
}
