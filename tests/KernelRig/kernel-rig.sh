#!/bin/sh
# Runs one command inside a throw-away VM with Debian's 6.1 kernel (which has wireguard.ko), because the
# host kernel has no WireGuard and cannot load modules (see shared/LAB.md, "Kernel WireGuard rig").
#
#   kernel-rig.sh [--timeout SECONDS] [--memory MB] -- COMMAND [ARGS...]
#
# The guest's root is the host's / (9p, read-only, tmpfs overlay), so prebuilt binaries run unchanged.
# COMMAND runs as root in the caller's working directory with the wireguard module loaded; stdout and
# stderr come back on ours, and its exit code is ours. 124 = timed out, 125 = the rig itself failed
# (no exit code from the guest), 126 = a prerequisite is missing (not root, no qemu, no kernel package).
# The kernel and initramfs are built once into $MESHAGENT_LAB_CACHE (default /var/cache/meshagent-lab).
# Set RIG_SHARE to a host directory to have it appear read-write at the same path inside the guest
# (everything else the guest writes is lost).
set -eu

CACHE=${MESHAGENT_LAB_CACHE:-/var/cache/meshagent-lab}
TIMEOUT=300
MEMORY=3072
while [ $# -gt 0 ]; do
    case "$1" in
        --timeout) TIMEOUT=$2; shift 2 ;;
        --memory) MEMORY=$2; shift 2 ;;
        --) shift; break ;;
        *) echo "kernel-rig: unknown option $1" >&2; exit 125 ;;
    esac
done
[ $# -gt 0 ] || { echo "usage: kernel-rig.sh [--timeout S] -- COMMAND [ARGS...]" >&2; exit 125; }
[ "$(id -u)" = 0 ] || { echo "kernel-rig: must run as root" >&2; exit 126; }
command -v qemu-system-x86_64 >/dev/null || { echo "kernel-rig: qemu-system-x86_64 missing (apt: qemu-system-x86)" >&2; exit 126; }
for tool in depmod perl busybox; do
    command -v $tool >/dev/null || [ -s "$CACHE/current" ] || { echo "kernel-rig: $tool missing (apt: kmod perl busybox-static)" >&2; exit 126; }
done
case "$PWD" in /run*|/proc*|/sys*|/dev*) echo "kernel-rig: working directory $PWD is not visible in the guest" >&2; exit 125 ;; esac

# The modules the guest needs; their dependencies are resolved through modules.dep (depmod) and loaded
# first. veth/dummy/tun are extras for namespace tests.
ROOT_MODULES="virtio_pci virtio_console 9pnet_virtio 9p overlay wireguard veth dummy tun"

# Prints the module paths (relative to the modules dir) for $1 and its dependencies, dependencies first.
resolve() (
    line=$(grep -E "(^|/)$1\.ko(\.[a-z]+)?:" "$modules_dir/modules.dep" | head -n 1)
    [ -n "$line" ] || { echo "kernel-rig: module $1 not found" >&2; exit 125; }
    deps=$(echo "${line#*:}" | tr ' ' '\n' | grep . | tac)
    for dep in $deps; do
        resolve "$(basename "$dep" | sed 's/\.ko.*//')"
    done
    echo "${line%%:*}"
)

build_cache() {
    package=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-/ {print $2; exit}')
    [ -n "$package" ] || { echo "kernel-rig: cannot resolve linux-image-amd64" >&2; exit 126; }
    version=${package#linux-image-}
    work=$(mktemp -d /tmp/kernel-rig-build.XXXXXX)
    trap 'rm -rf "$work"' EXIT
    (cd "$work" && apt-get download "$package" >/dev/null 2>&1) || { echo "kernel-rig: apt-get download $package failed" >&2; exit 126; }
    dpkg-deb -x "$work"/*.deb "$work/deb"
    depmod -b "$work/deb" "$version"
    init="$work/initramfs"
    mkdir -p "$init/bin" "$init/modules" "$init/dev" "$init/proc" "$init/sys" "$init/lower" "$init/upper" "$init/newroot"
    cp /bin/busybox "$init/bin/busybox"
    modules_dir="$work/deb/lib/modules/$version"
    order=$(for m in $ROOT_MODULES; do resolve "$m"; done | awk '!seen[$0]++')
    case "$order" in *wireguard.ko*) ;; *) echo "kernel-rig: cannot resolve modules" >&2; exit 125 ;; esac
    : > "$init/modules/order"
    for path in $order; do
        m=$(basename "$path" | sed 's/\.ko.*//')
        cp "$modules_dir/$path" "$init/modules/$m.ko"
        echo "$m" >> "$init/modules/order"
        # Signature checks take seconds under TCG; drop the appended signature (kernel taints 'E').
        perl -e '
            local $/; open my $f, "+<", $ARGV[0] or die; binmode $f; my $d = <$f>;
            my $magic = "~Module signature appended~\n";
            exit 0 unless substr($d, -length $magic) eq $magic;
            # struct module_signature: algo, hash, id_type, signer_len, key_id_len, pad[3], be32 sig_len.
            my (undef, undef, undef, $signer, $keyid, $siglen) = unpack("C5 x3 N", substr($d, -length($magic) - 12, 12));
            truncate $f, length($d) - length($magic) - 12 - $siglen - $signer - $keyid or die;
        ' "$init/modules/$m.ko"
    done
    cat > "$init/init" <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for m in $(cat /modules/order); do insmod /modules/$m.ko 2>/dev/null || echo "rig: insmod $m failed"; done
mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose hostroot /lower || { echo "rig: no hostroot"; poweroff -f; }
mount -t tmpfs -o size=1G tmpfs /upper
mkdir -p /upper/data /upper/work
mount -t overlay overlay -o lowerdir=/lower,upperdir=/upper/data,workdir=/upper/work /newroot
mkdir -p /newroot/rig
mount -t 9p -o trans=virtio,version=9p2000.L,rw rig /newroot/rig
for d in dev proc sys; do mount --move /$d /newroot/$d; done
exec switch_root /newroot /bin/sh /rig/stage2
INIT
    chmod +x "$init/init"
    mkdir -p "$CACHE/$version"
    (cd "$init" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1) > "$CACHE/$version/initramfs.gz.tmp"
    cp "$work/deb/boot/vmlinuz-$version" "$CACHE/$version/vmlinuz.tmp"
    mv "$CACHE/$version/initramfs.gz.tmp" "$CACHE/$version/initramfs.gz"
    mv "$CACHE/$version/vmlinuz.tmp" "$CACHE/$version/vmlinuz"
    echo "$version" > "$CACHE/current"
    rm -rf "$work"
    trap - EXIT
}

if [ ! -s "$CACHE/current" ] || [ ! -s "$CACHE/$(cat "$CACHE/current")/initramfs.gz" ]; then
    mkdir -p "$CACHE"
    build_cache
fi
version=$(cat "$CACHE/current")

rig=$(mktemp -d /tmp/kernel-rig.XXXXXX)
cleanup() { rm -rf "$rig"; }
trap cleanup EXIT INT TERM
: > "$rig/stdout"; : > "$rig/stderr"
{
    echo '#!/bin/sh'
    echo 'mount -t tmpfs tmpfs /run; mount -t tmpfs tmpfs /dev/shm 2>/dev/null; mkdir -p /dev/pts /run/netns; mount -t devpts devpts /dev/pts'
    # No tmpfs over /tmp: the overlay root already makes it writable, and a clone or build under /tmp
    # (CI's, or mktemp's) must stay visible to the guest.
    echo 'mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null; ip link set lo up'
    echo 'export HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 MESHAGENT_KERNEL_RIG=guest TESTINGPLATFORM_TELEMETRY_OPTOUT=1 DOTNET_TieredPGO=0'
    [ -n "${RIG_SHARE:-}" ] && echo "mkdir -p '$RIG_SHARE' && mount -t 9p -o trans=virtio,version=9p2000.L,rw share '$RIG_SHARE'"
    env | grep -E '^(CI|DOTNET_ROOT|MESHAGENT_[A-Z_]*)=' | grep -v MESHAGENT_KERNEL_RIG | sed "s/'/'\\\\''/g; s/=\(.*\)/='\1'/; s/^/export /"
    printf 'cd %s || { echo 125 > /rig/rc; sync; busybox poweroff -f; }\n' "'$PWD'"
    printf '('
    for a in "$@"; do printf " '%s'" "$(printf %s "$a" | sed "s/'/'\\\\''/g")"; done
    printf ') > /rig/stdout 2> /rig/stderr\n'
    echo 'echo $? > /rig/rc; sync; busybox poweroff -f'
} > "$rig/stage2"

share_args=""
[ -n "${RIG_SHARE:-}" ] && share_args="-virtfs local,path=$RIG_SHARE,mount_tag=share,security_model=none"
set +e
timeout --kill-after=10 "$TIMEOUT" qemu-system-x86_64 -accel tcg,thread=multi -cpu max -smp 1 -m "$MEMORY" \
    -kernel "$CACHE/$version/vmlinuz" -initrd "$CACHE/$version/initramfs.gz" \
    -append "console=ttyS0 quiet loglevel=4 panic=-1 cryptomgr.notests tsc=reliable" \
    -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
    -virtfs "local,path=$rig,mount_tag=rig,security_model=none" $share_args \
    -nic none -no-reboot -nographic -monitor none -serial "file:$rig/console" </dev/null >/dev/null 2>"$rig/qemu.err"
qemu_rc=$?
set -e
cat "$rig/stdout"
cat "$rig/stderr" >&2
if [ -s "$rig/rc" ]; then
    exit "$(cat "$rig/rc")"
fi
echo "kernel-rig: no exit code from the guest (qemu rc $qemu_rc)" >&2
tail -n 30 "$rig/console" "$rig/qemu.err" >&2 2>/dev/null || true
[ "$qemu_rc" = 124 ] && exit 124
exit 125
