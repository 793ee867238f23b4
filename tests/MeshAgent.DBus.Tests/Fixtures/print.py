"""Writes <name>.txt next to every <name>.msg: GLib's own decoding of the body, printed with
g_variant_print(type_annotate=TRUE). The tests compare our decoding, printed the same way, to it."""
import sys, os, glob
import gi
gi.require_version('Gio', '2.0')
from gi.repository import Gio

for path in sorted(glob.glob(os.path.join(sys.argv[1], '*.msg'))):
    msg = Gio.DBusMessage.new_from_blob(open(path, 'rb').read(), Gio.DBusCapabilityFlags.NONE)
    body = msg.get_body()
    open(path[:-4] + '.txt', 'w').write((body.print_(True) if body is not None else '()') + '\n')
