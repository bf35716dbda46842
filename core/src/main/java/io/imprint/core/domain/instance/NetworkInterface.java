package io.imprint.core.domain.instance;

/**
 * The instance's primary network interface (or network attachment: {@code attachmentStyle} records
 * which one the request used, so the response shows it back the same way). No packets flow; the
 * address is only allocated.
 */
public record NetworkInterface(
    String id,
    String name,
    String subnetId,
    String subnetName,
    String primaryIp,
    boolean attachmentStyle) {}
