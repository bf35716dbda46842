# Installs the operating-system tools the tests need and the JDK build cannot bring: qemu-img (Debian's qemu-utils),
# which the qcow2 tests use as the reference for what a valid image is, and Debian's chromium, the browser the console's
# tests drive (Playwright never downloads one). Sourced by bin/test; Imprint itself runs neither. Machines are handed
# over fresh, so this must be idempotent and cheap when everything is already there.

imprint_ensure_os_packages() {
  # command the tests run, then the Debian package that brings it
  local wanted=(qemu-img qemu-utils /usr/bin/chromium chromium)
  local missing=() i
  for ((i = 0; i < ${#wanted[@]}; i += 2)); do
    command -v "${wanted[i]}" >/dev/null 2>&1 || missing+=("${wanted[i + 1]}")
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  echo "imprint: installing ${missing[*]} for the tests" >&2
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      echo "imprint: cannot install ${missing[*]}: not root and no password-less sudo." >&2
      echo "imprint: install by hand (apt-get install ${missing[*]}) and run again." >&2
      return 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "imprint: cannot install ${missing[*]}: no apt-get on this machine; install them by hand." >&2
    return 1
  fi

  # The package lists may be missing or stale on a fresh machine, so refresh them once before installing.
  if ! "${sudo[@]}" apt-get update -qq; then
    echo "imprint: apt-get update failed; cannot install ${missing[*]}." >&2
    return 1
  fi
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >/dev/null; then
    echo "imprint: apt-get install ${missing[*]} failed; install them by hand and run again." >&2
    return 1
  fi
  for ((i = 0; i < ${#wanted[@]}; i += 2)); do
    if ! command -v "${wanted[i]}" >/dev/null 2>&1; then
      echo "imprint: ${wanted[i + 1]} installed but ${wanted[i]} is still missing." >&2
      return 1
    fi
  done
}
