#!/usr/bin/env bash
# Builds both packages from one published tree (artifacts/packaging/root):
#   artifacts/packages/meshagent_<version>_<arch>.deb       (dpkg-deb)
#   artifacts/packages/meshagent-<version>-1.<arch>.rpm     (rpmbuild, from Debian's rpm package or Fedora's)
# Usage: packaging/build.sh [--single-file | --prebuilt DIR] [--out DIR] [--fast-compression]
#   default: NativeAOT executables (no .NET runtime needed: Debian and Fedora ship none for .NET 10; start-up
#   in ~0.1 s instead of ~1 s, half the memory, and the unit can deny writable+executable memory);
#   --single-file: a self-contained single-file JIT executable per command instead (the same layout);
#   --prebuilt DIR: package the programs already published in DIR (tests/run.sh's NativeAOT meshagent,
#   meshctl and libsodium.so) instead of publishing again.
#   --out DIR: write the packages to DIR and work in DIR/work instead of artifacts/ (the tests use it).
#   --fast-compression: gzip -1 instead of xz for both payloads: the same files, built in seconds instead of
#   minutes on a loaded machine (the tests use it; releases use the default).
# Layout: the published tree in /usr/lib/meshagent/ (each executable with the native libraries it loads
# from its own directory: NSec's libsodium.so), /usr/bin/meshagent and /usr/bin/meshctl symlinks into it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
cd "$repo"

mode=aot
prebuilt=
fast=0
out="$repo/artifacts/packages"
work="$repo/artifacts/packaging"
while [ $# -gt 0 ]; do
  case "$1" in
    --aot) mode=aot; shift ;;
    --single-file) mode=singlefile; shift ;;
    --prebuilt) prebuilt=$(realpath -m "$2"); shift 2 ;;
    --fast-compression) fast=1; shift ;;
    --out) out=$(realpath -m "$2"); work="$out/work"; shift 2 ;;
    *) echo "build.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n1)
case "$(uname -m)" in
  x86_64) rid=linux-x64; deb_arch=amd64; rpm_arch=x86_64 ;;
  aarch64) rid=linux-arm64; deb_arch=arm64; rpm_arch=aarch64 ;;
  *) echo "build.sh: unsupported machine $(uname -m)" >&2; exit 1 ;;
esac

stage="$work/root"
rm -rf "$work" && mkdir -p "$stage" "$out"

libdir="$stage/usr/lib/meshagent"
mkdir -p "$libdir" "$stage/usr/bin"
# Both commands share the folder; a file both publishes hold must be the same file. The native libraries
# (NSec's libsodium.so) must sit beside the executables, which find them through /proc/self/exe, so a
# symlink in /usr/bin works.
install_published() {
  local file name
  for file in "$1"/*; do
    name=$(basename "$file")
    case "$name" in *.pdb|*.dbg|*.xml) continue ;; esac
    if [ -e "$libdir/$name" ]; then
      cmp -s "$file" "$libdir/$name" || { echo "build.sh: $name differs between the published commands" >&2; exit 1; }
      continue
    fi
    if [ "$name" = meshagent ] || [ "$name" = meshctl ]; then
      install -m 0755 "$file" "$libdir/$name"
    else
      install -m 0644 "$file" "$libdir/$name"
    fi
  done
}
if [ -n "$prebuilt" ]; then
  for program in meshagent meshctl; do
    [ -x "$prebuilt/$program" ] || { echo "build.sh: $prebuilt/$program is missing" >&2; exit 1; }
  done
  install_published "$prebuilt"
else
  # One MSBuild run for both commands (packaging/publish.slnf), so the projects they share are built once and
  # never by two processes at a time. Single-file builds are ReadyToRun: start-up time counts (systemd waits
  # for READY=1).
  if [ "$mode" = aot ]; then
    flags=(-p:PublishAot=true)
  else
    flags=(--self-contained true -p:PublishSingleFile=true -p:PublishReadyToRun=true)
  fi
  rm -rf "src/MeshAgent.Daemon/bin/Release/net10.0/$rid/publish" "src/MeshAgent.Cli/bin/Release/net10.0/$rid/publish"
  dotnet publish packaging/publish.slnf -c Release -r "$rid" "${flags[@]}" -p:DebugType=none \
    -p:GenerateDocumentationFile=false -nologo -clp:ErrorsOnly
  install_published "src/MeshAgent.Daemon/bin/Release/net10.0/$rid/publish"
  install_published "src/MeshAgent.Cli/bin/Release/net10.0/$rid/publish"
fi
ln -s ../lib/meshagent/meshagent "$stage/usr/bin/meshagent"
ln -s ../lib/meshagent/meshctl "$stage/usr/bin/meshctl"
# libsodium.so comes from NSec's libsodium NuGet package, in /usr/lib/meshagent (Debian's libsodium23 has
# only libsodium.so.23, which NSec does not look for).

doc="$stage/usr/share/doc/meshagent"
install -D -m 0644 systemd/meshagent.service "$stage/lib/systemd/system/meshagent.service"
install -D -m 0640 configs/agent.yaml "$stage/etc/meshagent/agent.yaml"
install -D -m 0644 packaging/sysctl/60-meshagent.conf "$stage/usr/lib/sysctl.d/60-meshagent.conf"
install -D -m 0644 README.md "$doc/README.md"
install -D -m 0644 LICENSE "$doc/LICENSE"
mkdir -p "$stage/usr/share/man/man8"
for page in packaging/man/*.8; do
  gzip -9n < "$page" > "$stage/usr/share/man/man8/$(basename "$page").gz"
done

# The .deb: Debian paths, the changelog and machine-readable copyright Debian policy asks for.
deb_root="$work/deb"
cp -a "$stage" "$deb_root"
rm "$deb_root/usr/share/doc/meshagent/LICENSE"
install -m 0644 packaging/deb/copyright "$deb_root/usr/share/doc/meshagent/copyright"
gzip -9n < packaging/deb/changelog > "$deb_root/usr/share/doc/meshagent/changelog.gz"
install -D -m 0644 packaging/deb/lintian-overrides "$deb_root/usr/share/lintian/overrides/meshagent"
mkdir -p "$deb_root/DEBIAN"
size_kb=$(du -sk --exclude=DEBIAN "$deb_root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$deb_arch/" -e "s/@SIZE_KB@/$size_kb/" packaging/deb/control.in > "$deb_root/DEBIAN/control"
install -m 0644 packaging/deb/conffiles "$deb_root/DEBIAN/conffiles"
install -m 0755 packaging/deb/postinst packaging/deb/prerm packaging/deb/postrm "$deb_root/DEBIAN/"
(cd "$deb_root" && find . -path ./DEBIAN -prune -o -type f -print0 | sort -z | xargs -0 md5sum | sed 's| \./| |') > "$deb_root/DEBIAN/md5sums"
chmod 0644 "$deb_root/DEBIAN/md5sums"
deb="$out/meshagent_${version}_${deb_arch}.deb"
deb_compression=-Zxz
[ "$fast" = 1 ] && deb_compression="-Zgzip -z1"
# shellcheck disable=SC2086 # two words on purpose
dpkg-deb --root-owner-group $deb_compression --build "$deb_root" "$deb" >/dev/null
echo "built $deb"

# The rpm: the same tree, the unit in Fedora's unit dir, Source0 a tarball of it.
rpm_root="$work/rpm-root"
cp -a "$stage" "$rpm_root"
install -D -m 0644 "$rpm_root/lib/systemd/system/meshagent.service" "$rpm_root/usr/lib/systemd/system/meshagent.service"
rm -rf "$rpm_root/lib"
# Uncompressed: it only carries the tree from here to rpmbuild.
tar -C "$rpm_root" --owner=0 --group=0 -cf "$work/meshagent-$version-$rpm_arch.tar" .
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$rpm_arch/g" packaging/rpm/meshagent.spec.in > "$work/meshagent.spec"
# --nodeps: a Debian build host has no rpm database to satisfy BuildRequires from.
rpm_compression=()
[ "$fast" = 1 ] && rpm_compression=(--define "_binary_payload w1.gzdio")
rpmbuild -bb --nodeps --quiet "${rpm_compression[@]}" --define "_topdir $work/rpmbuild" --define "_sourcedir $work" \
  --define "_rpmdir $work/rpms" "$work/meshagent.spec"
rpm="$out/meshagent-${version}-1.${rpm_arch}.rpm"
mv "$work/rpms/$rpm_arch"/meshagent-"$version"-1*."$rpm_arch".rpm "$rpm"
echo "built $rpm"
