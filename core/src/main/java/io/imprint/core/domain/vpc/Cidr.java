package io.imprint.core.domain.vpc;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** IPv4 CIDR blocks: parsing and formatting, enough for subnets. */
public final class Cidr {
  private static final Pattern CIDR =
      Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})$");

  private Cidr() {}

  /**
   * Valid for a subnet: a well-formed block, aligned to its prefix, between /8 and /29 as IBM
   * allows.
   */
  public static boolean isValidSubnetBlock(String cidr) {
    if (cidr == null) {
      return false;
    }
    var m = CIDR.matcher(cidr);
    if (!m.matches()) {
      return false;
    }
    for (int i = 1; i <= 4; i++) {
      if (Integer.parseInt(m.group(i)) > 255) {
        return false;
      }
    }
    int prefix = Integer.parseInt(m.group(5));
    if (prefix < 8 || prefix > 29) {
      return false;
    }
    int address = address(m);
    int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
    return (address & ~mask) == 0;
  }

  static int networkAddress(String cidr) {
    var m = CIDR.matcher(cidr);
    if (!m.matches()) {
      throw new IllegalArgumentException(cidr);
    }
    return address(m);
  }

  static int prefixLength(String cidr) {
    return Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
  }

  static String format(int address) {
    return ((address >>> 24) & 255)
        + "."
        + ((address >>> 16) & 255)
        + "."
        + ((address >>> 8) & 255)
        + "."
        + (address & 255);
  }

  private static int address(Matcher m) {
    return (Integer.parseInt(m.group(1)) << 24)
        | (Integer.parseInt(m.group(2)) << 16)
        | (Integer.parseInt(m.group(3)) << 8)
        | Integer.parseInt(m.group(4));
  }
}
