package io.imprint.core.app.disk;

/**
 * How a disk's data key is protected: by the master key ({@link #PROVIDER}), or by a customer root
 * key, with which the resource {@code resourceCrn} is registered while the disk exists.
 */
public record Protection(String rootKeyCrn, String resourceCrn) {
  public static final Protection PROVIDER = new Protection(null, null);

  public boolean customer() {
    return rootKeyCrn != null;
  }
}
