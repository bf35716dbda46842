# Finds a JDK >= 21, exports JAVA_HOME for it and sets imprint_jdk_major to its feature version; Imprint is built for
# Java 21 and the machine's default java may be older. Order: $JAVA_HOME, the java on PATH, then every JDK under
# /usr/lib/jvm (newest first).
# Written with shell builtins where it can: every CLI call runs this, and each external command costs 10-20 ms on a
# small VM.

# The feature version of the JDK whose java is $1, from its release file (starting a JVM to ask costs 100+ ms).
imprint_java_major() {
  local home=${1%/bin/java} line
  if [ -f "$home/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case $line in
        JAVA_VERSION=*)
          line=${line#JAVA_VERSION=}
          line=${line#\"}
          echo "${line%%[!0-9]*}"
          return
          ;;
      esac
    done <"$home/release"
  fi
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

# Whether $1 is a JDK (java and javac) of version 21 or newer; exports it when it is.
imprint_try_jdk() {
  local major
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  major=$(imprint_java_major "$1/bin/java")
  major=${major%%.*}
  if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
    export JAVA_HOME="$1"
    # a shell variable, not exported: the server reads every IMPRINT_* variable as configuration
    imprint_jdk_major="$major"
    return 0
  fi
  return 1
}

imprint_find_jdk() {
  local javac dir
  if [ -n "${JAVA_HOME:-}" ] && imprint_try_jdk "$JAVA_HOME"; then
    return 0
  fi
  if javac=$(command -v javac 2>/dev/null); then
    javac=$(readlink -f "$javac")
    imprint_try_jdk "${javac%/bin/javac}" && return 0
  fi
  if [ -d /usr/lib/jvm ]; then
    while IFS= read -r dir; do
      imprint_try_jdk "$dir" && return 0
    done < <(for dir in /usr/lib/jvm/*/; do echo "${dir%/}"; done | sort -rV)
  fi
  echo "imprint: no JDK 21 or newer found (looked at \$JAVA_HOME, the java on PATH and /usr/lib/jvm/*)." >&2
  echo "imprint: install one (e.g. apt-get install openjdk-21-jdk-headless) or set JAVA_HOME to it." >&2
  return 1
}
