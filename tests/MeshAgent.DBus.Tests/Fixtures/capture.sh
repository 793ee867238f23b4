#!/bin/sh
# Captures the D-Bus message fixtures of this directory from real tools (run as any user; needs
# dbus-daemon, dbus-bin (dbus-send, dbus-monitor), systemd (busctl) and python3-gi for the GLib ones).
#   sh capture.sh            # rewrites *.msg here
# Little-endian messages: sent by dbus-send (libdbus) and busctl (sd-bus) through a private
# dbus-daemon and recorded by `dbus-monitor --binary`; split into one file per message by split.py.
# Big-endian messages: no tool here sends them, so GLib's GDBusMessage serialises them with
# g_dbus_message_set_byte_order(BIG_ENDIAN) (glib.py): an independent implementation, not ours.
# Expected decodings (*.txt): GLib parses each .msg and prints its body as GVariant text (print.py).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=$(mktemp -d)
cat > "$dir/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <listen>unix:path=$dir/bus.sock</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/><allow own="*"/><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/>
  </policy>
</busconfig>
CONF
dbus-daemon --config-file="$dir/bus.conf" --fork --print-pid=1 > "$dir/pid"
mon=
cleanup() { [ -n "$mon" ] && kill "$mon" 2>/dev/null; kill "$(cat "$dir/pid")" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
bus="unix:path=$dir/bus.sock"
sleep 0.3
dbus-monitor --address "$bus" --binary > "$dir/monitor.bin" &
mon=$!
sleep 0.5
# 1: a call with a reply (as)
dbus-send --bus="$bus" --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.ListNames > /dev/null
# 2: a call answered with an error
dbus-send --bus="$bus" --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.GetNameOwner string:com.example.Missing > /dev/null 2>&1 || true
# 3: Properties.GetAll (a{sv})
dbus-send --bus="$bus" --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.Properties.GetAll string:org.freedesktop.DBus > /dev/null
# 4: every basic type dbus-send can write, plus an array, a dict and a variant
dbus-send --bus="$bus" --type=signal /com/example/Fixture com.example.Fixture.Basic \
  byte:7 boolean:true int16:-2 uint16:65535 int32:-5 uint32:4000000000 int64:-9000000000 uint64:18000000000000000000 \
  double:1.5 string:héllo objpath:/com/example/x array:string:a,b dict:string:int32:one,1,two,2 variant:uint64:42
# 5: containers by sd-bus: struct array, nested variants, NetworkManager-style a{sa{sv}}, signature, aay
busctl --address="$bus" -- emit /com/example/Fixture com.example.Fixture Containers \
  "a(isb)vga{sa{sv}}aayat" \
  2 1 one true -2 two false \
  v as 2 x y \
  "a{sv}(ii)" \
  2 connection 2 id s br0 type s bridge ipv4 2 method s manual address-data aa{sv} 1 2 address s 10.10.10.1 prefix u 24 \
  2 3 1 2 3 0 \
  0
sleep 0.5
kill "$mon"; mon=
/usr/bin/python3 "$here/split.py" "$dir/monitor.bin" "$here"
/usr/bin/python3 "$here/glib.py" "$here"
/usr/bin/python3 "$here/print.py" "$here"
