package dev.otlab.network.aitm;

import dev.otlab.simulator.modbus.MbapHeader;
import dev.otlab.simulator.modbus.PduFields;
import dev.otlab.simulator.plc.Table;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns the server's answer to a client's read into the answer the client gets. It sees every
 * exchange on a route (whole MBAP frames), remembers what the server really reported per cell, and
 * keeps a bounded history of read responses for replay. Writes, exceptions and anything it cannot
 * parse pass unchanged: a rewrite never produces a frame the client would reject.
 *
 * <p>Thread-safe: the interceptor's connection threads and the configuring step may call at once.
 */
public final class ResponseRewriter {

  /** Where a read response's values start: the MBAP header, the function code, the byte count. */
  private static final int VALUES = MbapHeader.SIZE + 2;

  /** Read responses kept for replay: hours of 1 s polls of a few blocks. */
  static final int HISTORY = 50_000;

  private record Key(int functionCode, int start, int count) {}

  private record Recorded(double time, Key key, byte[] pdu) {}

  private final Map<Cell, Integer> truth = new HashMap<>();
  private final Map<Cell, Integer> held = new LinkedHashMap<>();
  private final List<Cell> freezePending = new ArrayList<>();
  private final ArrayDeque<Recorded> history = new ArrayDeque<>();
  private @Nullable Map<Key, List<byte[]>> replay;
  private final Map<Key, Integer> replayNext = new HashMap<>();
  private long rewritten;

  /** Applies {@code r} from the next exchange on. Freeze and fixed values add up; Pass clears. */
  public synchronized void apply(Rewrite r) {
    if (r instanceof Rewrite.Pass) {
      held.clear();
      freezePending.clear();
      replay = null;
      replayNext.clear();
    } else if (r instanceof Rewrite.Freeze f) {
      for (Cell c : f.cells()) {
        Integer v = truth.get(c);
        if (v != null) {
          held.put(c, v);
        } else if (!held.containsKey(c)) {
          freezePending.add(c);
        }
      }
    } else if (r instanceof Rewrite.Fixed x) {
      held.putAll(x.values());
      freezePending.removeAll(x.values().keySet());
    } else if (r instanceof Rewrite.Replay w) {
      Map<Key, List<byte[]>> loop = new LinkedHashMap<>();
      for (Recorded rec : history) {
        if (rec.time() >= w.from() && rec.time() <= w.to()) {
          loop.computeIfAbsent(rec.key(), k -> new ArrayList<>()).add(rec.pdu());
        }
      }
      replay = loop;
      replayNext.clear();
    }
  }

  /** Responses changed so far. */
  public synchronized long rewritten() {
    return rewritten;
  }

  /** Whether any rewrite is active. */
  public synchronized boolean active() {
    return replay != null || !held.isEmpty() || !freezePending.isEmpty();
  }

  /** What the server really reported last for {@code cell}, if it was read. */
  public synchronized @Nullable Integer truth(Cell cell) {
    return truth.get(cell);
  }

  /**
   * @param now lab seconds
   * @param request the client's frame
   * @param response the server's frame
   * @return the frame to give the client (the same array when nothing changes)
   */
  public synchronized byte[] exchange(double now, byte[] request, byte[] response) {
    if (request.length <= MbapHeader.SIZE || response.length <= MbapHeader.SIZE) {
      return response;
    }
    PduFields asked = PduFields.ofRequest(pdu(request));
    int fc = asked.functionCode();
    Table table = Cell.readTable(fc);
    if (table == null || asked.address() < 0) {
      return response;
    }
    PduFields answered = PduFields.ofResponse(pdu(response), asked);
    int start = asked.address();
    int count = asked.quantity();
    int expected = table.isBit() ? (count + 7) / 8 : 2 * count;
    if (answered.isException()
        || answered.functionCode() != fc
        || count < 1
        || answered.byteCount() != expected
        || response.length != VALUES + expected) {
      return response;
    }
    List<Integer> values = answered.values();
    Key key = new Key(fc, start, count);
    byte[] pdu = pdu(response);
    for (int i = 0; i < count; i++) {
      Cell c = new Cell(table, (start + i) & 0xFFFF);
      truth.put(c, values.get(i));
    }
    if (!freezePending.isEmpty()) {
      freezePending.removeIf(
          c -> {
            Integer v = truth.get(c);
            if (v != null) {
              held.put(c, v);
            }
            return v != null;
          });
    }
    history.addLast(new Recorded(now, key, pdu));
    if (history.size() > HISTORY) {
      history.removeFirst();
    }
    Map<Key, List<byte[]>> loop = replay;
    if (loop != null) {
      List<byte[]> answers = loop.get(key);
      if (answers != null && !answers.isEmpty()) {
        int n = replayNext.merge(key, 1, Integer::sum) - 1;
        byte[] old = answers.get(n % answers.size());
        byte[] out = Arrays.copyOf(response, 7 + old.length);
        System.arraycopy(old, 0, out, 7, old.length);
        rewritten++;
        return out;
      }
      return response;
    }
    if (held.isEmpty()) {
      return response;
    }
    byte[] out = null;
    for (int i = 0; i < count; i++) {
      Integer v = held.get(new Cell(table, (start + i) & 0xFFFF));
      if (v != null && v.intValue() != values.get(i)) {
        if (out == null) {
          out = response.clone();
        }
        set(out, table, i, v);
      }
    }
    if (out == null) {
      return response;
    }
    rewritten++;
    return out;
  }

  private static byte[] pdu(byte[] frame) {
    return Arrays.copyOfRange(frame, MbapHeader.SIZE, frame.length);
  }

  private static void set(byte[] frame, Table table, int i, int v) {
    if (table.isBit()) {
      int at = VALUES + i / 8;
      int mask = 1 << (i % 8);
      frame[at] = (byte) (v != 0 ? frame[at] | mask : frame[at] & ~mask);
    } else {
      frame[VALUES + 2 * i] = (byte) (v >> 8);
      frame[VALUES + 2 * i + 1] = (byte) v;
    }
  }
}
