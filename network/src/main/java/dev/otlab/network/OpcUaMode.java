package dev.otlab.network;

/** OPC UA message security modes, weakest first, so {@code compareTo} orders strength. */
public enum OpcUaMode {
  NONE,
  SIGN,
  SIGN_AND_ENCRYPT
}
