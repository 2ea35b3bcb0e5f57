"""An FC90 client written from the sub-protocol table in EngineeringProtocol's Javadoc alone.

Standard library only (socket, struct, zlib): a second implementation of the framing, the
layouts and the CRC, so a Java encoder and decoder that agree with each other but not with the
documentation show up here. Usage: fc90_check.py PORT UNIT. Prints one line per check.
"""
import socket
import struct
import sys
import zlib

port, unit = int(sys.argv[1]), int(sys.argv[2])
sock = socket.create_connection(("127.0.0.1", port), timeout=5)
tid = 0


def call(pdu):
    global tid
    tid += 1
    sock.sendall(struct.pack(">HHHB", tid, 0, len(pdu) + 1, unit) + pdu)
    head = b""
    while len(head) < 7:
        head += sock.recv(7 - len(head))
    rtid, proto, length, runit = struct.unpack(">HHHB", head)
    assert rtid == tid and proto == 0, (rtid, proto)
    body = b""
    while len(body) < length - 1:
        body += sock.recv(length - 1 - len(body))
    if body[0] & 0x80:
        return ("EXC", body[1])
    assert body[0] == 0x5A and body[1] == pdu[1], body.hex()
    return ("OK", body[2:])


def info():
    kind, data = call(b"\x5a\x01")
    assert kind == "OK" and len(data) == 11, data
    mode, flags, blocks, size, crc, downloads = struct.unpack(">BBBHIH", data)
    return mode, blocks, size, crc, downloads


mode, blocks, size, crc, downloads = info()
print("INFO mode=%d blocks=%d bytes=%d downloads=%d" % (mode, blocks, size, downloads))

program = b""
while True:
    kind, data = call(struct.pack(">BBHB", 0x5A, 0x03, len(program), 100))
    assert kind == "OK", data
    offset, total, n = struct.unpack(">HHB", data[:5])
    program += data[5 : 5 + n]
    if len(program) >= total:
        break
assert zlib.crc32(program) == crc, "uploaded text does not match the INFO CRC"
print("UPLOADED %d bytes CRC OK" % len(program))

text = program.replace(b"action=fill", b"action=drain")
new_crc = zlib.crc32(text)
print("WRONG MODE EXCEPTION %d" % call(struct.pack(">BBHI", 0x5A, 0x04, len(text), new_crc))[1])
print("BAD MODE EXCEPTION %d" % call(b"\x5a\x02\x09")[1])
assert call(b"\x5a\x02\x02") == ("OK", b"\x02")
call(struct.pack(">BBHI", 0x5A, 0x04, len(text), new_crc))
for off in range(0, len(text), 50):
    chunk = text[off : off + 50]
    kind, data = call(struct.pack(">BBHB", 0x5A, 0x05, off, len(chunk)) + chunk)
    assert kind == "OK" and struct.unpack(">H", data)[0] == off + len(chunk), data
kind, data = call(b"\x5a\x06")
assert kind == "OK", data
assert struct.unpack(">BHI", data) == (blocks, len(text), new_crc), data
assert call(b"\x5a\x02\x01") == ("OK", b"\x01")
mode, blocks, size, crc, downloads = info()
assert (mode, crc, downloads) == (1, new_crc, 1), (mode, crc, downloads)
print("DOWNLOADED %d bytes, RUN, CRC %08X" % (len(text), crc))
print("OK")
