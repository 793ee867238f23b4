"""Writes big-endian (and one little-endian) messages serialised by GLib's GDBusMessage."""
import sys, os
import gi
gi.require_version('Gio', '2.0')
from gi.repository import Gio, GLib

out = sys.argv[1]
body = GLib.Variant('(ynqiuxtdsogbva{sv}a(ii)aay)', (
    200, -300, 60000, -70000, 3000000000, -(1 << 40), (1 << 63) + 5, -2.25, 'grüß', '/org/example/Obj', 'a{sv}', True,
    GLib.Variant('v', GLib.Variant('s', 'inner')),
    {'k': GLib.Variant('u', 9)},
    [(1, 2), (3, 4)],
    [b'ab', b''],
))
for order, tag in ((Gio.DBusMessageByteOrder.BIG_ENDIAN, 'be'), (Gio.DBusMessageByteOrder.LITTLE_ENDIAN, 'le')):
    msg = Gio.DBusMessage.new_signal('/org/example/Obj', 'org.example.Glib', 'AllTypes')
    msg.set_body(body)
    msg.set_serial(77)
    msg.set_byte_order(order)
    blob = msg.to_blob(Gio.DBusCapabilityFlags.NONE)
    open(os.path.join(out, 'glib-%s-AllTypes.msg' % tag), 'wb').write(bytes(blob))
    call = Gio.DBusMessage.new_method_call('org.example.Svc', '/org/example/Obj', 'org.example.Glib', 'Empty')
    call.set_body(GLib.Variant('(a{sv}ax)', ({}, [])))
    call.set_serial(78)
    call.set_byte_order(order)
    open(os.path.join(out, 'glib-%s-EmptyArrays.msg' % tag), 'wb').write(bytes(call.to_blob(Gio.DBusCapabilityFlags.NONE)))
print('glib fixtures written')
