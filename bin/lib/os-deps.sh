# Installs the operating-system tools the tests need and the JDK build cannot bring: qemu-img (Debian's qemu-utils),
# which the qcow2 tests use as the reference for what a valid image is. Sourced by bin/test; Imprint itself never runs
# qemu-img. Machines are handed over fresh, so this must be idempotent and cheap when everything is already there.

imprint_ensure_os_packages() {
  command -v qemu-img >/dev/null 2>&1 && return 0

  echo "imprint: qemu-img not found; installing qemu-utils for the qcow2 tests" >&2
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      echo "imprint: cannot install qemu-utils: not root and no password-less sudo." >&2
      echo "imprint: install it by hand (apt-get install qemu-utils) and run again." >&2
      return 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "imprint: cannot install qemu-utils: no apt-get on this machine; install qemu-img by hand." >&2
    return 1
  fi

  # The package lists may be missing or stale on a fresh machine, so refresh them once before installing.
  if ! "${sudo[@]}" apt-get update -qq; then
    echo "imprint: apt-get update failed; cannot install qemu-utils." >&2
    return 1
  fi
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-utils >/dev/null; then
    echo "imprint: apt-get install qemu-utils failed; install it by hand and run again." >&2
    return 1
  fi
  if ! command -v qemu-img >/dev/null 2>&1; then
    echo "imprint: qemu-utils installed but qemu-img is still not on PATH." >&2
    return 1
  fi
}
