#!/bin/sh
# Prints the path of a cached Debian 12 root with systemd as PID 1 candidate (see shared/LAB.md, "A booted
# systemd for package tests"), building it first when missing. The root holds, downloaded but not installed,
# every package the .deb Depends on or Recommends (first alternative), so `apt-get install
# --no-install-recommends ./meshagent_*.deb wireguard-tools dnsmasq-base` works in a guest without network. Cached under $MESHAGENT_LAB_CACHE (default /var/cache/meshagent-lab), keyed
# by the package list, because mmdebstrap takes about a minute and 200 MB.
#   systemd-image.sh CONTROL_FILE        exit 126: a prerequisite is missing (not root, no mmdebstrap)
set -eu
control=$1
CACHE=${MESHAGENT_LAB_CACHE:-/var/cache/meshagent-lab}
[ "$(id -u)" = 0 ] || { echo "systemd-image: must run as root" >&2; exit 126; }
command -v mmdebstrap >/dev/null || { echo "systemd-image: mmdebstrap missing (apt: mmdebstrap)" >&2; exit 126; }

# Depends and Recommends of the package, first alternative of each, without versions.
wanted=$(sed -n 's/^\(Depends\|Recommends\): //p' "$control" | tr ',' '\n' | sed 's/|.*//; s/(.*)//; s/ //g' | grep . | sort -u | tr '\n' ' ')
key=$(printf 'bookworm systemd systemd-sysv dbus iproute2 %s' "$wanted" | sha256sum | cut -c1-16)
root="$CACHE/systemd-bookworm-$key"
if [ ! -e "$root/.complete" ]; then
    rm -rf "$root.tmp" && mkdir -p "$root.tmp"
    mmdebstrap --quiet --variant=apt --include=systemd,systemd-sysv,dbus,iproute2 --skip=cleanup/apt \
        --customize-hook="chroot \"\$1\" apt-get install --download-only -y -q -o APT::Install-Recommends=false $wanted" \
        --customize-hook='echo meshtest > "$1/etc/hostname"' \
        --customize-hook='rm -f "$1/etc/machine-id"; : > "$1/etc/machine-id"' \
        bookworm "$root.tmp/root.tar" >&2
    mkdir -p "$root.tmp/root" && tar -C "$root.tmp/root" -xf "$root.tmp/root.tar" && rm "$root.tmp/root.tar"
    rm -rf "$root" && mv "$root.tmp/root" "$root" && rmdir "$root.tmp"
    : > "$root/.complete"
fi
echo "$root"
