package io.imprint.core.domain.common;

import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * IBM's resource-name rule, as the current API definition writes it: 1-63 lower-case letters,
 * digits and hyphens, not ending with a hyphen, and not all digits ({@code 1-img} and {@code 1a}
 * are names, {@code 123} is not); and the generator of hyphenated-word names IBM uses when a name
 * is omitted.
 */
public final class Names {
  public static final int MAX_LENGTH = 63;
  private static final Pattern PATTERN =
      Pattern.compile(
          "^-?([a-z]|[a-z][-a-z0-9]*[a-z0-9]|[0-9][-a-z0-9]*([a-z]|[-a-z][-a-z0-9]*[a-z0-9]))$");

  private static final String[] FIRST = {
    "amber", "ample", "angry", "brisk", "calm", "chalk", "civic", "crisp", "dusty", "eager",
        "early", "fancy",
    "fuzzy", "giant", "grand", "happy", "hasty", "icy", "jolly", "keen", "lucky", "mossy", "noble",
        "olive",
    "plush", "quiet", "rapid", "rusty", "shiny", "silky", "solid", "tidy", "vivid", "wavy", "witty",
        "zesty"
  };
  private static final String[] SECOND = {
    "arch", "basin", "brook", "canyon", "cedar", "cliff", "comet", "delta", "dune", "ember",
    "fjord", "forest", "glade", "harbor", "island", "lagoon", "meadow", "mesa", "orbit", "pebble",
    "prairie", "quartz", "reef", "ridge", "river", "summit", "thicket", "tundra", "valley", "willow"
  };
  private static final String[] THIRD = {
    "acorn", "badger", "beacon", "bison", "cobalt", "condor", "falcon", "ferret", "gecko", "heron",
        "jackal",
    "koala", "lantern", "lynx", "magpie", "marten", "otter", "panda", "quokka", "raven", "salmon",
        "tapir",
    "walrus", "wombat", "yak", "zebra"
  };

  private Names() {}

  public static boolean isValid(String name) {
    return name != null && name.length() <= MAX_LENGTH && PATTERN.matcher(name).matches();
  }

  /**
   * Throws {@code validation_invalid_name} naming the field when {@code name} breaks IBM's rule.
   */
  public static void requireValid(String field, String name) {
    if (!isValid(name)) {
      throw ApiException.invalid(
          ErrorCode.VALIDATION_INVALID_NAME,
          field,
          name,
          "The name '"
              + name
              + "' is invalid: use 1-63 lower-case letters, digits and hyphens, not ending with a"
              + " hyphen and not all digits.");
    }
  }

  public static String generate(RandomGenerator random) {
    return FIRST[random.nextInt(FIRST.length)]
        + "-"
        + SECOND[random.nextInt(SECOND.length)]
        + "-"
        + THIRD[random.nextInt(THIRD.length)]
        + "-"
        + SECOND[random.nextInt(SECOND.length)];
  }
}
