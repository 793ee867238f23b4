#!/bin/sh
# Lints the packages packaging/build.sh made: lintian on the .deb, rpmlint on the rpm, plus what can be
# checked of the rpm without Fedora (file list, scriptlets, an rpm -i --nodeps into a scratch root).
# Prints each tool's summary; exits non-zero on any error.
set -eu
cd "$(dirname "$0")/../.."
deb=$(ls artifacts/packages/meshagent_*.deb) rpm=$(ls artifacts/packages/meshagent-*.rpm)
ls -l "$deb" "$rpm"
status=0
lintian --fail-on error --info --display-level '>=info' "$deb" || status=1
rpmlint "$rpm" || status=1
rpm -qpl "$rpm"
rpm -qp --scripts "$rpm"
scratch=$(mktemp -d /tmp/rpm-root.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
rpm -i --nodeps --noscripts --root "$scratch" "$rpm" || status=1
for f in $(rpm -qpl "$rpm"); do
    [ -e "$scratch$f" ] || { echo "missing in scratch root: $f"; status=1; }
done
# The same files in both packages apart from distribution paths (unit dir, licence/copyright, changelog).
norm() { sed -e 's|^/lib/systemd/system|/usr/lib/systemd/system|' | grep -v -e '/usr/share/doc/' -e '/usr/share/licenses/' -e '/usr/share/lintian/' | sort; }
dpkg-deb -c "$deb" | awk '$1 !~ /^d/ {print substr($6, 2)}' | norm > "$scratch/deb.list"
rpm -qpl "$rpm" | while read -r f; do [ -d "$scratch$f" ] || echo "$f"; done | norm > "$scratch/rpm.list"
diff "$scratch/deb.list" "$scratch/rpm.list" || { echo "file lists differ"; status=1; }
exit $status
