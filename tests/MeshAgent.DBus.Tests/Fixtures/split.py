"""Splits a `dbus-monitor --binary` stream into one file per message (le-NN-<member>.msg).

Lengths come from the fixed header (spec: 16 bytes, fields array length at 12, body length at 4).
Only messages of the fixture run are kept (bus-internal NameAcquired etc. are skipped)."""
import struct, sys, os

data = open(sys.argv[1], 'rb').read()
out = sys.argv[2]
pos, n = 0, 0
keep = {b'ListNames', b'GetNameOwner', b'GetAll', b'Basic', b'Containers'}
pending = {}
while pos + 16 <= len(data):
    order = '<' if data[pos:pos+1] == b'l' else '>'
    body_len, = struct.unpack_from(order + 'I', data, pos + 4)
    serial, = struct.unpack_from(order + 'I', data, pos + 8)
    fields_len, = struct.unpack_from(order + 'I', data, pos + 12)
    header = (16 + fields_len + 7) & ~7
    msg = data[pos:pos + header + body_len]
    pos += header + body_len
    kind = msg[1]
    name = next((k for k in keep if k in msg[16:header]), None)
    if kind in (1, 4) and name:
        n += 1
        open(os.path.join(out, 'le-%02d-%s.msg' % (n, name.decode())), 'wb').write(msg)
        if kind == 1:
            pending[(serial)] = name.decode()
    elif kind in (2, 3) and pending:
        # replies: match REPLY_SERIAL by scanning the header fields for code 5 with 'u'
        i = 16
        while i < header:
            i = (i + 7) & ~7
            if i + 4 > header:
                break
            code, siglen = msg[i], msg[i + 1]
            sig = msg[i + 2:i + 2 + siglen]
            j = i + 3 + siglen
            if sig == b'u':
                j = (j + 3) & ~3
                val, = struct.unpack_from(order + 'I', msg, j)
                j += 4
                if code == 5 and val in pending:
                    n += 1
                    suffix = 'reply' if kind == 2 else 'error'
                    open(os.path.join(out, 'le-%02d-%s-%s.msg' % (n, pending.pop(val), suffix)), 'wb').write(msg)
                    break
            elif sig in (b's', b'o'):
                j = (j + 3) & ~3
                slen, = struct.unpack_from(order + 'I', msg, j)
                j += 4 + slen + 1
            elif sig == b'g':
                j += 1 + msg[j] + 1
            else:
                break
            i = j
print('split', n, 'messages')
