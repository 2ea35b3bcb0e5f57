"""Interop check run by ModbusInteropIT with Debian's /usr/bin/python3 and python3-pymodbus.

Usage: pymodbus_check.py PORT UNIT
Reads holding registers, writes one, reads it back and expects exception 2 for an unmapped
address. Prints one line per check and exits non-zero on the first failure.
"""
import sys

from pymodbus.client import ModbusTcpClient


def fail(message):
    print("FAIL " + message)
    sys.exit(1)


def main():
    port = int(sys.argv[1])
    unit = int(sys.argv[2])
    client = ModbusTcpClient("127.0.0.1", port=port, timeout=5, retries=0)
    if not client.connect():
        fail("cannot connect to 127.0.0.1:%d" % port)
    try:
        rr = client.read_holding_registers(0, 2, slave=unit)
        if rr.isError():
            fail("read holding registers: %s" % rr)
        print("READ %s" % rr.registers)
        if rr.registers != [555, 1200]:
            fail("expected [555, 1200], got %s" % rr.registers)

        wr = client.write_register(0, 400, slave=unit)
        if wr.isError():
            fail("write register: %s" % wr)
        rr = client.read_holding_registers(0, 1, slave=unit)
        if rr.isError() or rr.registers != [400]:
            fail("read back: %s" % rr)
        print("WROTE 400 READ BACK %s" % rr.registers)

        bad = client.read_holding_registers(100, 1, slave=unit)
        if not bad.isError():
            fail("unmapped address answered: %s" % bad)
        code = getattr(bad, "exception_code", None)
        if code != 2:
            fail("expected exception code 2, got %s (%s)" % (code, bad))
        print("EXCEPTION %d" % code)
    finally:
        client.close()
    print("OK")


if __name__ == "__main__":
    main()
