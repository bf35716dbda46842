package io.imprint.core.app.instance;

import io.imprint.core.domain.instance.Instance;
import io.imprint.core.domain.volume.Volume;
import io.imprint.core.domain.volume.VolumeAttachment;
import java.util.List;
import java.util.Optional;

/**
 * An instance with its volume attachments (boot first) and the volumes behind them, as the API
 * shows it.
 */
public record InstanceDetails(
    Instance instance, List<Attached> attachments, List<String> warnings) {
  public InstanceDetails(Instance instance, List<Attached> attachments) {
    this(instance, attachments, List.of());
  }

  public record Attached(VolumeAttachment attachment, Volume volume) {}

  public Optional<Attached> boot() {
    return attachments.stream()
        .filter(a -> a.attachment().type() == VolumeAttachment.Type.BOOT)
        .findFirst();
  }
}
