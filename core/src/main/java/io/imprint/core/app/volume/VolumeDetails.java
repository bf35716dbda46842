package io.imprint.core.app.volume;

import io.imprint.core.domain.instance.Instance;
import io.imprint.core.domain.instance.InstanceStatus;
import io.imprint.core.domain.tag.TagName;
import io.imprint.core.domain.volume.Volume;
import io.imprint.core.domain.volume.VolumeAttachment;
import java.util.List;

/**
 * A volume with its attachment (at most one), the instance it is attached to, and its user tags
 * (Global Tagging's, by name), as the API shows it.
 */
public record VolumeDetails(Volume volume, List<Attached> attachments, List<TagName> userTags) {
  public record Attached(VolumeAttachment attachment, Instance instance) {}

  public boolean isAttached() {
    return !attachments.isEmpty();
  }

  /** IBM's {@code active}: attached to an instance that is running. */
  public boolean isActive() {
    return attachments.stream().anyMatch(a -> a.instance().status() == InstanceStatus.RUNNING);
  }
}
