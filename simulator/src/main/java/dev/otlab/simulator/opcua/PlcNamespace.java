package dev.otlab.simulator.opcua;

import dev.otlab.simulator.plc.ControllerEndpoint;
import dev.otlab.simulator.plc.DataType;
import dev.otlab.simulator.plc.PointSpec;
import dev.otlab.simulator.plc.Quality;
import dev.otlab.simulator.plc.Rejected;
import dev.otlab.simulator.plc.Rejection;
import dev.otlab.simulator.plc.TagValue;
import dev.otlab.simulator.plc.WriteResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.core.nodes.VariableNodeProperties;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.model.variables.AnalogItemType;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilter;
import org.eclipse.milo.opcua.sdk.server.nodes.filters.AttributeFilterContext;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.Range;
import org.jspecify.annotations.Nullable;

/**
 * One PLC's tags as OPC UA variables: a folder under Objects and one variable per point, whose
 * value attribute is read from and written to the controller endpoint on every access. Nothing is
 * cached in the nodes, so a read can never show a value the process image no longer holds, and the
 * same validation applies as for Modbus.
 *
 * <p>Source timestamps are the server's start instant plus the simulated seconds at which the
 * controller last updated the point: monotonic, comparable between points of one run, and close to
 * wall time at 1x speed (at higher speeds they run ahead of the wall clock, which is the point).
 */
final class PlcNamespace extends ManagedNamespaceWithLifecycle {

  /** Namespace URI prefix; the controller id follows. */
  static final String URI_PREFIX = "urn:otlab:plc:";

  /** The EUInformation namespace OPC UA Part 8 names; unitId -1 says the code is not given. */
  private static final String UNECE_UNITS = "http://www.opcfoundation.org/UA/units/un/cefact";

  private final ControllerEndpoint endpoint;
  private final Instant epoch;
  private final SubscriptionModel subscriptionModel;
  private final Map<NodeId, PointSpec> readOnly = new ConcurrentHashMap<>();

  PlcNamespace(OpcUaServer server, ControllerEndpoint endpoint, Instant epoch) {
    super(server, URI_PREFIX + endpoint.id());
    this.endpoint = endpoint;
    this.epoch = epoch;
    // Milo samples monitored items by reading the value attribute on its own schedule, which goes
    // through the same live filter as a Read; no polling thread of ours is needed.
    this.subscriptionModel = new SubscriptionModel(server, this);
    getLifecycleManager().addLifecycle(subscriptionModel);
    getLifecycleManager().addStartupTask(this::createNodes);
  }

  /** String node id of a tag: {@code <plcId>.<tag>}. */
  static String nodeIdentifier(String plcId, String tag) {
    return plcId + "." + tag;
  }

  private void createNodes() {
    String plcId = endpoint.id();
    NodeId folderId = newNodeId(plcId);
    UaFolderNode folder =
        new UaFolderNode(
            getNodeContext(), folderId, newQualifiedName(plcId), LocalizedText.english(plcId));
    folder.setDescription(LocalizedText.english(endpoint.description()));
    getNodeManager().addNode(folder);
    folder.addReference(
        new Reference(folderId, NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));

    for (PointSpec point : endpoint.points()) {
      UaVariableNode node = variable(point);
      if (!point.writable()) {
        readOnly.put(node.getNodeId(), point);
      }
      getNodeManager().addNode(node);
      folder.addOrganizes(node);
      if (point.type() != DataType.BOOL) {
        node.setProperty(
            VariableNodeProperties.EngineeringUnits,
            new EUInformation(
                UNECE_UNITS,
                -1,
                LocalizedText.english(point.unit()),
                LocalizedText.english(point.unit())));
        node.setProperty(AnalogItemType.EU_RANGE, new Range(point.min(), point.max()));
      }
    }
  }

  private UaVariableNode variable(PointSpec point) {
    boolean bool = point.type() == DataType.BOOL;
    AccessLevel[] access =
        point.writable()
            ? new AccessLevel[] {AccessLevel.CurrentRead, AccessLevel.CurrentWrite}
            : new AccessLevel[] {AccessLevel.CurrentRead};
    NodeId nodeId = newNodeId(nodeIdentifier(endpoint.id(), point.tag()));
    return new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
        .setNodeId(nodeId)
        .setBrowseName(newQualifiedName(point.tag()))
        .setDisplayName(LocalizedText.english(point.tag()))
        .setDescription(LocalizedText.english(point.description()))
        .setDataType(bool ? NodeIds.Boolean : NodeIds.Double)
        .setAccessLevel(access)
        .setUserAccessLevel(access)
        .setMinimumSamplingInterval(0.0)
        .setTypeDefinition(bool ? NodeIds.BaseDataVariableType : NodeIds.AnalogItemType)
        .addAttributeFilter(new LiveValue(point))
        .build();
  }

  /** Whether {@code nodeId} is the variable of a point no client may write. */
  boolean isReadOnlyPoint(NodeId nodeId) {
    return readOnly.containsKey(nodeId);
  }

  /** The status code an OPC UA client gets for a refused write. */
  static long statusFor(Rejection reason) {
    switch (reason) {
      case READ_ONLY:
        return StatusCodes.Bad_NotWritable;
      case OUT_OF_RANGE:
      case NOT_A_NUMBER:
        return StatusCodes.Bad_OutOfRange;
      case TYPE_MISMATCH:
        return StatusCodes.Bad_TypeMismatch;
      case ILLEGAL_ADDRESS:
        return StatusCodes.Bad_NodeIdUnknown;
      case DEVICE_FAILURE:
      default:
        return StatusCodes.Bad_InvalidState;
    }
  }

  /** The status code a reading of this quality carries. */
  static long statusFor(Quality quality) {
    switch (quality) {
      case GOOD:
        return StatusCodes.Good;
      case UNCERTAIN:
        return StatusCodes.Uncertain;
      case BAD:
      default:
        return StatusCodes.Bad;
    }
  }

  /** Maps simulated seconds onto a wall-clock-like instant anchored at {@code epoch}. */
  static Instant sourceInstant(Instant epoch, double simulatedSeconds) {
    double s = Double.isFinite(simulatedSeconds) ? Math.max(0, simulatedSeconds) : 0;
    long seconds = (long) Math.floor(s);
    long nanos = Math.round((s - seconds) * 1e9);
    return epoch.plusSeconds(seconds).plusNanos(nanos);
  }

  DataValue read(PointSpec point) {
    Optional<TagValue> reading = endpoint.readTag(point.tag());
    if (reading.isEmpty()) {
      return new DataValue(new StatusCode(StatusCodes.Bad_NodeIdUnknown));
    }
    TagValue tv = reading.get();
    Variant v =
        point.type() == DataType.BOOL ? new Variant(tv.value() != 0) : new Variant(tv.value());
    return new DataValue(
        v,
        new StatusCode(statusFor(tv.quality())),
        new DateTime(sourceInstant(epoch, tv.sourceTime())),
        DateTime.now());
  }

  void write(PointSpec point, DataValue value) throws UaException {
    // Milo has already checked access level and data type (Boolean or Double) at this point.
    Object v = value.value().value();
    WriteResult result = endpoint.writeTag(point.tag(), v == null ? new Object() : v);
    if (result instanceof Rejected r) {
      throw new UaException(statusFor(r.reason()), r.detail());
    }
  }

  /** Routes the value attribute to the controller; every other attribute stays in the node. */
  private final class LiveValue implements AttributeFilter {
    private final PointSpec point;

    LiveValue(PointSpec point) {
      this.point = point;
    }

    @Override
    public @Nullable Object getAttribute(AttributeFilterContext ctx, AttributeId attributeId) {
      return attributeId == AttributeId.Value ? read(point) : ctx.getAttribute(attributeId);
    }

    @Override
    public void writeAttribute(
        AttributeFilterContext ctx, AttributeId attributeId, @Nullable Object value)
        throws UaException {
      if (attributeId == AttributeId.Value && value instanceof DataValue dv) {
        write(point, dv);
      } else {
        ctx.writeAttribute(attributeId, value);
      }
    }
  }

  @Override
  public void onDataItemsCreated(List<DataItem> dataItems) {
    subscriptionModel.onDataItemsCreated(dataItems);
  }

  @Override
  public void onDataItemsModified(List<DataItem> dataItems) {
    subscriptionModel.onDataItemsModified(dataItems);
  }

  @Override
  public void onDataItemsDeleted(List<DataItem> dataItems) {
    subscriptionModel.onDataItemsDeleted(dataItems);
  }

  @Override
  public void onMonitoringModeChanged(List<MonitoredItem> monitoredItems) {
    subscriptionModel.onMonitoringModeChanged(monitoredItems);
  }
}
