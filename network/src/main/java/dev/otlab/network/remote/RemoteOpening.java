package dev.otlab.network.remote;

import java.util.List;

/**
 * What a tap reads in the opening of a remote-access session.
 *
 * @param operation the message recognised ({@code SSH_BANNER}, {@code RDP_CONNECTION_REQUEST},
 *     {@code HTTP_REQUEST}, {@code TLS_CLIENT_HELLO}, {@code SMB2_NEGOTIATE}, {@code RFB_VERSION},
 *     {@code TELNET_LOGIN}, {@code VENDOR_HELLO}), or {@link #UNRECOGNISED} when the bytes are not
 *     this service's opening
 * @param subjects what the opening names, each {@code key=value}: the account asked for ({@code
 *     user}), the client software ({@code software}), the server name ({@code host}, a TLS hello's
 *     {@code sni}), the request ({@code request}), the dialects, protocols ({@code alpn}) or
 *     versions offered
 */
public record RemoteOpening(String operation, List<String> subjects) {

  /** The operation of an opening that is not the service's. */
  public static final String UNRECOGNISED = "UNRECOGNISED";

  public RemoteOpening {
    subjects = List.copyOf(subjects);
  }

  static RemoteOpening unrecognised(String why) {
    return new RemoteOpening(UNRECOGNISED, List.of("reason=" + why));
  }

  /** Whether the bytes were the service's opening. */
  public boolean recognised() {
    return !operation.equals(UNRECOGNISED);
  }
}
