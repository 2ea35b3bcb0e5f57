package dev.otlab.network.relay;

import dev.otlab.network.OpcUaService;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An OPC UA service request (or response) type as the relay knows it from the numeric binary
 * encoding id that starts every message body. Ids are those of Milo 1.1.2's generated types ({@code
 * ReadRequest.BINARY_ENCODING_ID} and so on), which follow the OPC UA NodeSet.
 *
 * @param encodingId the ns=0 numeric id of the type's DefaultBinary encoding
 * @param name service type name, e.g. {@code ReadRequest}
 * @param category the group a conduit filters on
 * @param response whether this is a response type
 */
public record UaService(int encodingId, String name, Category category, boolean response) {

  /**
   * Discovery and secure channel plumbing (FindServers, FindServersOnNetwork, GetEndpoints,
   * OpenSecureChannel, CloseSecureChannel), which OPC UA runs on a None channel by design: a client
   * asks for the endpoints before it can pick a secure one. A rule's minimum security mode
   * therefore does not apply to these; it refuses the first session request on a weak channel.
   */
  public boolean discovery() {
    return DISCOVERY.contains(encodingId);
  }

  private static final Set<Integer> DISCOVERY = Set.of(422, 12208, 428, 446, 452);

  /** The group a service falls in for conduit filters. */
  public enum Category {
    /** Discovery, session and secure channel management: always passes an allowed connection. */
    SESSION(null),
    BROWSE(OpcUaService.BROWSE),
    READ(OpcUaService.READ),
    WRITE(OpcUaService.WRITE),
    CALL(OpcUaService.CALL),
    SUBSCRIBE(OpcUaService.SUBSCRIBE),
    /**
     * Anything else (node management, queries, unknown encodings): refused by every rule that
     * restricts services, because a filter cannot vouch for what it does not understand.
     */
    OTHER(null);

    private final @Nullable OpcUaService group;

    Category(@Nullable OpcUaService group) {
      this.group = group;
    }

    /** The filter group, or null for SESSION and OTHER. */
    public @Nullable OpcUaService group() {
      return group;
    }
  }

  public static final int READ_REQUEST = 631;
  public static final int READ_RESPONSE = 634;
  public static final int WRITE_REQUEST = 673;
  public static final int WRITE_RESPONSE = 676;
  public static final int SERVICE_FAULT = 397;
  public static final int OPEN_SECURE_CHANNEL_REQUEST = 446;

  private static final Map<Integer, UaService> BY_ID = new HashMap<>();

  static {
    Category s = Category.SESSION;
    req(s, 422, "FindServersRequest", 425);
    req(s, 12208, "FindServersOnNetworkRequest", 12209);
    req(s, 428, "GetEndpointsRequest", 431);
    req(s, 446, "OpenSecureChannelRequest", 449);
    req(s, 452, "CloseSecureChannelRequest", 455);
    req(s, 461, "CreateSessionRequest", 464);
    req(s, 467, "ActivateSessionRequest", 470);
    req(s, 473, "CloseSessionRequest", 476);
    req(s, 479, "CancelRequest", 482);
    Category b = Category.BROWSE;
    req(b, 527, "BrowseRequest", 530);
    req(b, 533, "BrowseNextRequest", 536);
    req(b, 554, "TranslateBrowsePathsToNodeIdsRequest", 557);
    req(b, 560, "RegisterNodesRequest", 563);
    req(b, 566, "UnregisterNodesRequest", 569);
    req(Category.READ, READ_REQUEST, "ReadRequest", READ_RESPONSE);
    req(Category.READ, 664, "HistoryReadRequest", 667);
    req(Category.WRITE, WRITE_REQUEST, "WriteRequest", WRITE_RESPONSE);
    req(Category.WRITE, 700, "HistoryUpdateRequest", 703);
    req(Category.CALL, 712, "CallRequest", 715);
    Category sub = Category.SUBSCRIBE;
    req(sub, 751, "CreateMonitoredItemsRequest", 754);
    req(sub, 763, "ModifyMonitoredItemsRequest", 766);
    req(sub, 769, "SetMonitoringModeRequest", 772);
    req(sub, 775, "SetTriggeringRequest", 778);
    req(sub, 781, "DeleteMonitoredItemsRequest", 784);
    req(sub, 787, "CreateSubscriptionRequest", 790);
    req(sub, 793, "ModifySubscriptionRequest", 796);
    req(sub, 799, "SetPublishingModeRequest", 802);
    req(sub, 826, "PublishRequest", 829);
    req(sub, 832, "RepublishRequest", 835);
    req(sub, 841, "TransferSubscriptionsRequest", 844);
    req(sub, 847, "DeleteSubscriptionsRequest", 850);
    Category o = Category.OTHER;
    req(o, 488, "AddNodesRequest", 491);
    req(o, 494, "AddReferencesRequest", 497);
    req(o, 500, "DeleteNodesRequest", 503);
    req(o, 506, "DeleteReferencesRequest", 509);
    req(o, 615, "QueryFirstRequest", 618);
    req(o, 621, "QueryNextRequest", 624);
    req(o, 437, "RegisterServerRequest", 440);
    req(o, 12211, "RegisterServer2Request", 12212);
    BY_ID.put(SERVICE_FAULT, new UaService(SERVICE_FAULT, "ServiceFault", Category.SESSION, true));
  }

  private static void req(Category category, int requestId, String name, int responseId) {
    BY_ID.put(requestId, new UaService(requestId, name, category, false));
    String responseName = name.substring(0, name.length() - "Request".length()) + "Response";
    BY_ID.put(responseId, new UaService(responseId, responseName, category, true));
  }

  /** The known type with this encoding id, or an OTHER request named after the id. */
  public static UaService of(int encodingId) {
    UaService known = BY_ID.get(encodingId);
    return known != null
        ? known
        : new UaService(encodingId, "Unknown(i=" + encodingId + ")", Category.OTHER, false);
  }

  public static boolean isKnown(int encodingId) {
    return BY_ID.containsKey(encodingId);
  }
}
