package dev.otlab.network.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.SplittableRandom;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.encoding.DefaultEncodingContext;
import org.eclipse.milo.opcua.stack.core.encoding.binary.OpcUaBinaryEncoder;
import org.eclipse.milo.opcua.stack.core.types.UaMessageType;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.RequestHeader;
import org.eclipse.milo.opcua.stack.core.types.structured.ResponseHeader;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.WriteValue;
import org.junit.jupiter.api.Test;

class OpcUaMessageTest {

  /** Milo's own encoder as the reference: what a real client puts on the wire. */
  private static byte[] milo(UaMessageType message) {
    ByteBuf buf = Unpooled.buffer();
    new OpcUaBinaryEncoder(DefaultEncodingContext.INSTANCE)
        .setBuffer(buf)
        .encodeMessage(null, message);
    byte[] out = new byte[buf.readableBytes()];
    buf.readBytes(out);
    return out;
  }

  private static RequestHeader header() {
    return new RequestHeader(
        new NodeId(0, 12345),
        DateTime.now(),
        Unsigned.uint(42),
        Unsigned.uint(0),
        "audit-entry",
        Unsigned.uint(5000),
        ExtensionObject.encode(
            DefaultEncodingContext.INSTANCE,
            new ResponseHeader(
                DateTime.now(), Unsigned.uint(1), StatusCode.GOOD, null, null, null)));
  }

  @Test
  void handBuiltReadRequestNamesItsNodes() {
    byte[] body =
        new UaBytes()
            .numericNodeId(0, 631)
            .requestHeader()
            .f64(0)
            .u32(3)
            .u32(2)
            .stringNodeId(2, "plc-tank.level")
            .u32(13)
            .nullString()
            .u16(0)
            .nullString()
            .numericNodeId(0, 2258)
            .u32(13)
            .nullString()
            .u16(0)
            .nullString()
            .bytes();
    OpcUaMessage m = OpcUaMessage.parse(UaBytes.msg(5, 10, body), true);
    assertThat(m.type()).isEqualTo("MSG");
    assertThat(m.requestId()).isEqualTo(5);
    assertThat(m.secureChannelId()).isEqualTo(77);
    assertThat(m.service().name()).isEqualTo("ReadRequest");
    assertThat(m.service().category()).isEqualTo(UaService.Category.READ);
    assertThat(m.nodeIds()).containsExactly("ns=2;s=plc-tank.level", "i=2258");
    assertThat(m.incomplete()).isNull();
  }

  @Test
  void miloEncodedWriteRequestYieldsNodesAndSimpleValues() {
    WriteRequest write =
        new WriteRequest(
            header(),
            new WriteValue[] {
              new WriteValue(
                  new NodeId(2, "plc-tank.level_setpoint"),
                  AttributeId.Value.uid(),
                  null,
                  DataValue.valueOnly(new Variant(5.5))),
              new WriteValue(
                  new NodeId(2, "plc-tank.pump_run"),
                  AttributeId.Value.uid(),
                  null,
                  DataValue.valueOnly(new Variant(true))),
              new WriteValue(
                  new NodeId(3, 99),
                  AttributeId.Value.uid(),
                  "1:2",
                  DataValue.valueOnly(new Variant(new String[] {"a", "b"}))),
              new WriteValue(
                  new NodeId(2, "plc-tank.speed"),
                  AttributeId.Value.uid(),
                  null,
                  new DataValue(new Variant(7.0f), StatusCode.GOOD, DateTime.now())),
            });
    OpcUaMessage m = OpcUaMessage.parse(UaBytes.msg(6, 11, milo(write)), true);
    assertThat(m.service().name()).isEqualTo("WriteRequest");
    assertThat(m.service().category()).isEqualTo(UaService.Category.WRITE);
    assertThat(m.nodeIds())
        .containsExactly(
            "ns=2;s=plc-tank.level_setpoint",
            "ns=2;s=plc-tank.pump_run",
            "ns=3;i=99",
            "ns=2;s=plc-tank.speed");
    assertThat(m.values()).hasSize(4);
    assertThat(m.values().get(0)).isEqualTo(5.5);
    assertThat(m.values().get(1)).isEqualTo(1.0);
    assertThat(m.values().get(2)).isNaN();
    assertThat(m.values().get(3)).isEqualTo(7.0);
    assertThat(m.incomplete()).isNull();
  }

  @Test
  void miloEncodedReadRequestAndResponses() {
    ReadRequest read =
        new ReadRequest(
            header(),
            0.0,
            TimestampsToReturn.Both,
            new ReadValueId[] {
              new ReadValueId(
                  new NodeId(2, "plc-tank.level"),
                  AttributeId.Value.uid(),
                  null,
                  QualifiedName.NULL_VALUE)
            });
    OpcUaMessage m = OpcUaMessage.parse(UaBytes.msg(8, 12, milo(read)), true);
    assertThat(m.nodeIds()).containsExactly("ns=2;s=plc-tank.level");

    ResponseHeader ok =
        new ResponseHeader(
            DateTime.now(), Unsigned.uint(42), StatusCode.GOOD, null, new String[] {"x"}, null);
    ReadResponse readResponse =
        new ReadResponse(
            ok,
            new DataValue[] {
              new DataValue(new Variant(4.25), StatusCode.GOOD, DateTime.now(), DateTime.now()),
              new DataValue(new StatusCode(0x80340000L))
            },
            null);
    OpcUaMessage r = OpcUaMessage.parse(UaBytes.msg(8, 13, milo(readResponse)), true);
    assertThat(r.service().name()).isEqualTo("ReadResponse");
    assertThat(r.service().response()).isTrue();
    assertThat(r.values().get(0)).isEqualTo(4.25);
    assertThat(r.values().get(1)).isNaN();
    assertThat(r.statuses()).containsExactly(0L, 0x80340000L);

    WriteResponse writeResponse =
        new WriteResponse(ok, new StatusCode[] {new StatusCode(0x803B0000L)}, null);
    OpcUaMessage w = OpcUaMessage.parse(UaBytes.msg(9, 14, milo(writeResponse)), true);
    assertThat(w.statuses()).containsExactly(0x803B0000L);
    assertThat(w.serviceResult()).isZero();
  }

  @Test
  void openSecureChannelNamesItsPolicyInClearText() {
    OpcUaMessage none = OpcUaMessage.parse(UaBytes.opn(OpcUaMessage.POLICY_NONE, 1), true);
    assertThat(none.securityPolicyUri()).isEqualTo(OpcUaMessage.POLICY_NONE);
    assertThat(none.secured()).isFalse();
    assertThat(none.requestId()).isEqualTo(1);
    assertThat(none.service().name()).isEqualTo("OpenSecureChannelRequest");

    String basic = "http://opcfoundation.org/UA/SecurityPolicy#Basic256Sha256";
    OpcUaMessage secured = OpcUaMessage.parse(UaBytes.opn(basic, 1), true);
    assertThat(secured.securityPolicyUri()).isEqualTo(basic);
    assertThat(secured.secured()).isTrue();
    assertThat(secured.service()).isNull();
    assertThat(secured.requestId()).isEqualTo(-1);
  }

  @Test
  void plaintextBodiesAreToldFromCiphertext() {
    byte[] plain = UaBytes.msg(1, 1, new UaBytes().numericNodeId(0, 461).pad(20).bytes());
    assertThat(OpcUaMessage.plaintextBody(plain, true)).isTrue();
    assertThat(OpcUaMessage.plaintextBody(plain, false)).isFalse();
    SplittableRandom random = new SplittableRandom(11);
    int looksPlain = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] body = new byte[64];
      for (int j = 0; j < body.length; j++) {
        body[j] = (byte) random.nextInt(256);
      }
      if (OpcUaMessage.plaintextBody(UaBytes.msg(1, 1, body), true)) {
        looksPlain++;
      }
    }
    assertThat(looksPlain).isZero();
  }

  @Test
  void unknownEncodingsAreOtherAndTruncatedBodiesAreIncomplete() {
    OpcUaMessage unknown =
        OpcUaMessage.parse(UaBytes.msg(1, 1, new UaBytes().numericNodeId(0, 9999).bytes()), true);
    assertThat(unknown.service().category()).isEqualTo(UaService.Category.OTHER);
    assertThat(UaService.of(488).category()).isEqualTo(UaService.Category.OTHER);

    byte[] truncated =
        new UaBytes().numericNodeId(0, 673).requestHeader().u32(1000).stringNodeId(2, "x").bytes();
    OpcUaMessage t = OpcUaMessage.parse(UaBytes.msg(1, 1, truncated), true);
    assertThat(t.service().category()).isEqualTo(UaService.Category.WRITE);
    assertThat(t.nodeIds()).containsExactly("ns=2;s=x");
    assertThat(t.incomplete()).isNotNull();
  }

  @Test
  void randomBodiesNeverThrow() {
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 20_000; i++) {
      UaBytes b = new UaBytes().numericNodeId(0, random.nextBoolean() ? 631 : 673);
      byte[] junk = new byte[random.nextInt(200)];
      for (int j = 0; j < junk.length; j++) {
        junk[j] = (byte) random.nextInt(256);
      }
      OpcUaMessage m = OpcUaMessage.parse(UaBytes.msg(1, 1, b.raw(junk).bytes()), true);
      assertThat(m.service()).isNotNull();
    }
  }

  @Test
  void errorFrameIsAValidErrChunk() {
    byte[] err = OpcUaMessage.errorFrame(OpcUaMessage.BAD_USER_ACCESS_DENIED, "denied");
    StreamFramer framer = OpcUaMessage.framer();
    framer.feed(err);
    assertThat(framer.next()).isInstanceOf(StreamFramer.Next.Frame.class);
    assertThat(OpcUaMessage.parse(err, false).serviceResult())
        .isEqualTo(OpcUaMessage.BAD_USER_ACCESS_DENIED);
  }
}
