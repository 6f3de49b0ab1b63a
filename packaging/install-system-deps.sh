#!/usr/bin/env bash
# Install the Debian packages listed in the given files (default: the run-time list) when missing.
# As root it runs apt-get; otherwise it prints the one line to run and exits 1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
lists=("$@")
[ ${#lists[@]} -gt 0 ] || lists=("$here/debian-packages.txt")
python="${PYTHON:-python3}"

wanted=$(grep -hv '^\s*#' "${lists[@]}" | awk 'NF {print $1}')
if ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
  wanted="$wanted python3-venv"
fi
command -v dpkg-query >/dev/null 2>&1 || { echo "not a Debian system: install Qt's X11 libraries yourself"; exit 0; }
missing=()
for pkg in $wanted; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == *"install ok installed"* ]] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Some system packages are missing. Run this once, then try again:"
  echo "  sudo apt-get install -y ${missing[*]}"
  exit 1
fi
