package io.imprint.core.volume;

import io.imprint.core.instance.Instance;
import java.util.List;

/** A volume with its attachment (at most one) and the instance it is attached to, as the API shows it. */
public record VolumeDetails(Volume volume, List<Attached> attachments) {
  public record Attached(VolumeAttachment attachment, Instance instance) {}

  public boolean isAttached() {
    return !attachments.isEmpty();
  }

  /** IBM's {@code active}: attached to an instance that is running. */
  public boolean isActive() {
    return attachments.stream()
        .anyMatch(a -> a.instance().status() == io.imprint.core.instance.InstanceStatus.RUNNING);
  }
}
