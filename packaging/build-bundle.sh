#!/usr/bin/env bash
# Build the self-contained WeHo Kiosk bundle a technician copies to a fresh Debian 12 kiosk:
#   weho-kiosk-<version>.tar.gz
#     wheels/               the kiosk and (by default) every Python dependency, for an offline install
#     content.tar.gz        lessons, map packs and catalogs as a verified content pack
#     systemd/ session/     the unit, the nightly-restart timer, the cage and X session scripts
#     debian-packages.txt   system packages (Qt's X/Wayland libraries, fonts, speech)
#     config.example.toml   the kiosk config install.sh starts from
#     install.sh            run as root on the kiosk (see packaging/README.md)
#
# Usage: packaging/build-bundle.sh [--out DIR] [--project-only] [--python PY]
#   --project-only  wheel only the kiosk itself (no network needed); install.sh then fetches the
#                   dependencies from PyPI on the kiosk. CI's bundle test uses this.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
out="$repo/dist"
deps=yes
python="${PYTHON:-}"
[ -n "$python" ] || { [ -x "$repo/.venv/bin/python" ] && python="$repo/.venv/bin/python" || python=python3; }
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --project-only) deps=no; shift ;;
    --python) python="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "build-bundle.sh: unknown option $1" >&2; exit 2 ;;
  esac
done

version="$("$python" -c 'import sys; sys.path.insert(0, sys.argv[1]); import kiosk; print(kiosk.__version__)' "$repo")"
name="weho-kiosk-$version"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
stage="$work/$name"
mkdir -p "$stage/wheels" "$out"

# Build from a clean copy of the tracked (and new, not ignored) files: nothing of the developer's
# venv, caches or build folders gets in, and the checkout is left untouched.
src="$work/src"
mkdir -p "$src"
if git -C "$repo" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  (cd "$repo" && git ls-files -z -c -o --exclude-standard | while IFS= read -r -d '' f; do
     [ -e "$f" ] && printf '%s\0' "$f"; done | xargs -0 cp --parents -t "$src")
else
  (cd "$repo" && tar cf - --exclude=.venv --exclude=.git --exclude=dist --exclude=build . ) | tar xf - -C "$src"
fi

echo "== wheels"
# Exactly the locked versions (requirements.txt, hash-checked), then the kiosk itself.
cp "$repo/requirements.txt" "$stage/requirements.txt"
if [ "$deps" = yes ]; then
  "$python" -m pip download -q --require-hashes --only-binary=:all: -d "$stage/wheels" \
    -r "$stage/requirements.txt" 2> "$work/pip.log" || { cat "$work/pip.log" >&2; exit 1; }
fi
"$python" -m pip wheel -q --no-deps --wheel-dir "$stage/wheels" "$src" 2> "$work/pip.log" || { cat "$work/pip.log" >&2; exit 1; }

echo "== content pack"
(cd "$src" && "$python" -m kiosk content pack "$src" --out "$stage/content.tar.gz")

echo "== units, session, lists"
cp -r "$here/systemd" "$here/session" "$stage/"
chmod 755 "$stage"/session/*
cp "$here/debian-packages.txt" "$here/README.md" "$stage/"
printf '%s\n' "$version" > "$stage/VERSION"
[ "$deps" = yes ] && echo offline > "$stage/WHEELS" || echo project-only > "$stage/WHEELS"

cat > "$stage/config.example.toml" <<'EOF'
# WeHo Kiosk configuration (/etc/weho-kiosk/config.toml). `kiosk config keys` lists every key.
[kiosk]
profile = "street"            # street (portrait, public) or library (landscape, sign-in)
device_id = "weho-kiosk-1"    # this kiosk's name in health reports: letters, digits, . _ -
languages = ["en", "es", "ru"]

[location]
name = ""
lat = 34.090718
lon = -118.370532

[chargers]
source = "simulator"          # "ocpi" with url and token for the city's live charger data

[paths]
# Content packs switch this link between releases (kiosk content install / rollback).
content_dir = "/var/lib/weho-kiosk/content/current"
state_dir = "/var/lib/weho-kiosk/state"
data_dir = "/var/lib/weho-kiosk/data"
EOF

cat > "$stage/install.sh" <<'EOF'
#!/usr/bin/env bash
# Install (or upgrade) the WeHo Kiosk on Debian 12, as root, from this unpacked bundle.
# Usage: sudo ./install.sh [--restart-time HH:MM] [--x11] [--no-start]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
prefix=/opt/weho-kiosk
conf_dir=/etc/weho-kiosk
conf="$conf_dir/config.toml"
home=/var/lib/weho-kiosk
user=weho-kiosk
restart_time=""
x11=no
start=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --restart-time) restart_time="$2"; shift 2 ;;
    --x11) x11=yes; shift ;;
    --no-start) start=no; shift ;;
    *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "install.sh: run as root (sudo ./install.sh)" >&2; exit 1; }

echo "== system packages"
packages="$(grep -v '^\s*#' "$here/debian-packages.txt" | awk 'NF {print $1}') cage python3-venv fontconfig"
[ "$x11" = yes ] && packages="$packages xserver-xorg xinit x11-xserver-utils unclutter-xfixes"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $packages

echo "== user $user"
if ! id "$user" >/dev/null 2>&1; then
  useradd --system --user-group --home-dir "$home" --create-home --shell /usr/sbin/nologin "$user"
fi
for group in video input render audio; do
  getent group "$group" >/dev/null && usermod -aG "$group" "$user"
done
install -d -o "$user" -g "$user" -m 750 "$home/state" "$home/data"
# Everything the kiosk writes belongs to its user: a database or log created by a root command
# (say `kiosk trainer set-pin` run with sudo before the first start) would make it drop records.
chown -R "$user:$user" "$home/state" "$home/data"
chmod -R u+rwX,o-rwx "$home/state" "$home/data"
install -d -m 755 "$home/content"

echo "== application in $prefix"
# A venv cannot be moved, so it is built in place; the previous install waits in $prefix.old and
# comes back if anything below fails.
rm -rf "$prefix.old"
[ -d "$prefix" ] && mv "$prefix" "$prefix.old"
restore() { rm -rf "$prefix"; [ -d "$prefix.old" ] && mv "$prefix.old" "$prefix"; echo "install.sh: failed; previous version kept" >&2; }
trap restore ERR
python3 -m venv "$prefix"
# The locked, hash-checked dependencies first, then the kiosk without letting pip pick versions.
# pip compiles every module to bytecode as it installs (its default), so the kiosk's first start
# does not pay for compiling (measured by bench/bench_shell.py: about 2x slower without it).
offline=""
[ "$(cat "$here/WHEELS")" = offline ] && offline="--no-index"
# shellcheck disable=SC2086
"$prefix/bin/pip" install -q $offline --find-links "$here/wheels" --require-hashes -r "$here/requirements.txt"
# shellcheck disable=SC2086
"$prefix/bin/pip" install -q $offline --no-deps --find-links "$here/wheels" weho-kiosk
"$prefix/bin/python" -m compileall -q "$prefix/lib" >/dev/null || true
install -d "$prefix/share/session"
install -m 755 "$here"/session/* "$prefix/share/session/"
install -m 644 "$here/README.md" "$prefix/share/README.md"
"$prefix/bin/kiosk" --version
trap - ERR
rm -rf "$prefix.old"

echo "== config and content"
install -d -m 755 "$conf_dir"
[ -f "$conf" ] || install -m 640 -o root -g "$user" "$here/config.example.toml" "$conf"
# The config holds the charger token and the LRS password: root writes it, the kiosk's group
# reads it, nobody else (an upgraded kiosk's older 0644 file is corrected too).
chown "root:$user" "$conf"
chmod 640 "$conf"
"$prefix/bin/kiosk" content install "$here/content.tar.gz" --config "$conf"

echo "== systemd units"
install -m 644 "$here"/systemd/*.service "$here"/systemd/*.timer /etc/systemd/system/
if [ -z "$restart_time" ]; then
  restart_time="$("$prefix/bin/python" -c 'import sys, tomllib
print(tomllib.load(open(sys.argv[1], "rb")).get("kiosk", {}).get("nightly_restart", "04:00"))' "$conf")"
fi
restart_timer=weho-kiosk-restart.timer
if [ -z "$restart_time" ]; then
  restart_timer=""   # nightly_restart = "" in the config: never restart on a schedule
else
  [[ "$restart_time" =~ ^([01][0-9]|2[0-3]):[0-5][0-9]$ ]] || { echo "install.sh: restart time must be HH:MM, got $restart_time" >&2; exit 2; }
  install -d /etc/systemd/system/weho-kiosk-restart.timer.d
  printf '[Timer]\nOnCalendar=\nOnCalendar=*-*-* %s:00\n' "$restart_time" \
    > /etc/systemd/system/weho-kiosk-restart.timer.d/10-time.conf
fi
if [ "$x11" = yes ]; then
  install -d /etc/systemd/system/weho-kiosk.service.d
  printf '[Service]\nEnvironment=KIOSK_SESSION=x11\n' > /etc/systemd/system/weho-kiosk.service.d/10-x11.conf
fi
systemctl daemon-reload
systemctl disable getty@tty1.service >/dev/null 2>&1 || true
systemctl set-default graphical.target >/dev/null
systemctl enable weho-kiosk.service $restart_timer
[ -n "$restart_timer" ] || systemctl disable weho-kiosk-restart.timer >/dev/null 2>&1 || true
if [ "$start" = yes ]; then
  systemctl restart weho-kiosk.service
  [ -z "$restart_timer" ] || systemctl start "$restart_timer"
fi

echo "== doctor"
sudo -u "$user" KIOSK_CONFIG="$conf" "$prefix/bin/kiosk" doctor || \
  echo "install.sh: the doctor found problems above; fix them and run: sudo -u $user $prefix/bin/kiosk doctor"
echo "WeHo Kiosk $(cat "$here/VERSION") installed; nightly restart at ${restart_time:-never}."
EOF
chmod 755 "$stage/install.sh"

echo "== bundle"
tar -C "$work" -czf "$out/$name.tar.gz" "$name"
echo "$out/$name.tar.gz"
