package dev.otlab.simulator.modbus;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The fields of one Modbus PDU where its function's layout puts them, read without judging them.
 * This is the lab's one table of PDU layouts. The server's {@link ModbusRequestDecoder} reads a
 * request's fields here and then validates them strictly, answering with an exception when they are
 * wrong; the relays read requests and responses here leniently, because a relay judges what a frame
 * touches and forwards even a frame the server will refuse, so that the server gives the client its
 * proper answer. A field the PDU is too short to hold is reported as absent ({@code -1}), and only
 * as many values as are both stated and present are read, so no byte sequence makes this throw.
 *
 * @param functionCode the function code (of a response: without the exception bit)
 * @param exceptionCode for an exception response the code it carries (0xFF when the PDU is cut
 *     short before it), else 0
 * @param address first data address (the read range for FC23); -1 when the function has none or the
 *     PDU is too short to hold it
 * @param quantity points from {@code address} as the PDU states them (1 for the single-point
 *     functions 05, 06, 22 and 24), 0 when absent
 * @param writeAddress for FC23 the first written register, else -1
 * @param writeQuantity for FC23 the registers written as stated, else 0
 * @param byteCount the byte count field of FC15, FC16 and FC23 requests and of FC01..04 and FC23
 *     responses, else -1
 * @param values the values carried, as words or bits (0 or 1): written values of a write request,
 *     read values of a read response (FC23: written values in the request, read values in the
 *     response); FC05 the raw coil word (0xFF00 or 0x0000 when well formed); FC22 the AND then the
 *     OR mask; FC43 the read device id code and object id; FC90 SET_MODE the mode code,
 *     DOWNLOAD_SEGMENT its offset and length, UPLOAD its offset and the most bytes asked for
 * @param subFunction the FC08 diagnostics sub-function, the FC43 MEI type or the FC90 sub-function
 *     (see {@link EngineeringProtocol}), else -1
 */
public record PduFields(
    int functionCode,
    int exceptionCode,
    int address,
    int quantity,
    int writeAddress,
    int writeQuantity,
    int byteCount,
    List<Integer> values,
    int subFunction) {

  /** The raw FC05 word that switches a coil on. */
  public static final int COIL_ON = 0xFF00;

  public PduFields {
    values = List.copyOf(values);
  }

  public boolean isException() {
    return exceptionCode != 0;
  }

  /** Reads a request PDU (function code first); an empty PDU reads as function code 0. */
  public static PduFields ofRequest(byte[] pdu) {
    int n = pdu.length;
    int fc = n >= 1 ? pdu[0] & 0xFF : 0;
    Builder f = new Builder(fc);
    switch (fc) {
      case 1, 2, 3, 4 -> {
        if (n >= 5) {
          f.range(u16(pdu, 1), u16(pdu, 3));
        }
      }
      case 5, 6 -> {
        if (n >= 5) {
          f.range(u16(pdu, 1), 1);
          f.values.add(u16(pdu, 3));
        }
      }
      case 22 -> {
        if (n >= 5) {
          f.range(u16(pdu, 1), 1);
          f.values.add(u16(pdu, 3));
          if (n >= 7) {
            f.values.add(u16(pdu, 5));
          }
        }
      }
      case 24 -> {
        if (n >= 3) {
          f.range(u16(pdu, 1), 1);
        }
      }
      case 15 -> {
        if (n >= 5) {
          f.range(u16(pdu, 1), u16(pdu, 3));
          if (n >= 6) {
            f.byteCount = pdu[5] & 0xFF;
          }
          f.bits(pdu, 6, Math.min(f.quantity, Math.max(0, n - 6) * 8));
        }
      }
      case 16 -> {
        if (n >= 5) {
          f.range(u16(pdu, 1), u16(pdu, 3));
          if (n >= 6) {
            f.byteCount = pdu[5] & 0xFF;
          }
          f.words(pdu, 6, Math.min(f.quantity, Math.max(0, n - 6) / 2));
        }
      }
      case 23 -> {
        if (n >= 9) {
          f.range(u16(pdu, 1), u16(pdu, 3));
          f.writeAddress = u16(pdu, 5);
          f.writeQuantity = u16(pdu, 7);
          if (n >= 10) {
            f.byteCount = pdu[9] & 0xFF;
          }
          f.words(pdu, 10, Math.min(f.writeQuantity, Math.max(0, n - 10) / 2));
        }
      }
      case 8 -> {
        if (n >= 3) {
          f.subFunction = u16(pdu, 1);
        }
      }
      case 43 -> {
        if (n >= 2) {
          f.subFunction = pdu[1] & 0xFF;
          if (n >= 4) {
            f.values.add(pdu[2] & 0xFF);
            f.values.add(pdu[3] & 0xFF);
          }
        }
      }
      case EngineeringProtocol.FUNCTION_CODE -> {
        if (n >= 2) {
          f.subFunction = pdu[1] & 0xFF;
          if (f.subFunction == EngineeringProtocol.SET_MODE && n >= 3) {
            f.values.add(pdu[2] & 0xFF);
          } else if ((f.subFunction == EngineeringProtocol.DOWNLOAD_SEGMENT
                  || f.subFunction == EngineeringProtocol.UPLOAD)
              && n >= 5) {
            f.values.add(u16(pdu, 2));
            f.values.add(pdu[4] & 0xFF);
          }
        }
      }
      default -> {
        // No data address, or a function whose layout the lab does not know.
      }
    }
    return f.build();
  }

  /**
   * Reads a response PDU; {@code request} (the fields of the request with the same transaction id,
   * when known) supplies the addresses a response does not repeat and how many bits of a bit read
   * are meant.
   */
  public static PduFields ofResponse(byte[] pdu, @Nullable PduFields request) {
    int n = pdu.length;
    int raw = n >= 1 ? pdu[0] & 0xFF : 0;
    Builder f = new Builder(raw & 0x7F);
    if (request != null) {
      f.address = request.address();
      f.quantity = request.quantity();
      f.writeAddress = request.writeAddress();
      f.writeQuantity = request.writeQuantity();
      f.subFunction = request.subFunction();
    }
    if ((raw & 0x80) != 0) {
      f.exceptionCode = n >= 2 ? Math.max(1, pdu[1] & 0xFF) : 0xFF;
      return f.build();
    }
    switch (f.functionCode) {
      case 1, 2 -> {
        if (n >= 2) {
          f.byteCount = pdu[1] & 0xFF;
          int bits = Math.min(f.byteCount, n - 2) * 8;
          f.bits(pdu, 2, request != null ? Math.min(request.quantity(), bits) : bits);
        }
      }
      case 3, 4, 23 -> {
        if (n >= 2) {
          f.byteCount = pdu[1] & 0xFF;
          f.words(pdu, 2, Math.min(f.byteCount, n - 2) / 2);
        }
      }
      case 5, 6 -> {
        if (n >= 5) {
          f.range(u16(pdu, 1), 1);
          f.values.add(u16(pdu, 3));
        }
      }
      case 15, 16 -> {
        if (n >= 5) {
          f.range(u16(pdu, 1), u16(pdu, 3));
        }
      }
      default -> {
        // Nothing a tap reports.
      }
    }
    return f.build();
  }

  private static int u16(byte[] b, int i) {
    return MbapHeader.u16(b, i);
  }

  /** Collects the fields while one layout is read. */
  private static final class Builder {
    final int functionCode;
    int exceptionCode;
    int address = -1;
    int quantity;
    int writeAddress = -1;
    int writeQuantity;
    int byteCount = -1;
    final List<Integer> values = new ArrayList<>();
    int subFunction = -1;

    Builder(int functionCode) {
      this.functionCode = functionCode;
    }

    void range(int first, int count) {
      address = first;
      quantity = count;
    }

    void bits(byte[] pdu, int offset, int count) {
      for (int i = 0; i < count; i++) {
        values.add((pdu[offset + i / 8] >> (i % 8)) & 1);
      }
    }

    void words(byte[] pdu, int offset, int count) {
      for (int i = 0; i < count; i++) {
        values.add(u16(pdu, offset + 2 * i));
      }
    }

    PduFields build() {
      return new PduFields(
          functionCode,
          exceptionCode,
          address,
          quantity,
          writeAddress,
          writeQuantity,
          byteCount,
          values,
          subFunction);
    }
  }
}
