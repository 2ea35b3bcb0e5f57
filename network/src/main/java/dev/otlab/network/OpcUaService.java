package dev.otlab.network;

/**
 * OPC UA service groups a conduit can allow. Session and secure-channel management (GetEndpoints,
 * CreateSession, ActivateSession, CloseSession) always passes an allowed connection; without it no
 * other service works.
 */
public enum OpcUaService {
  BROWSE,
  READ,
  WRITE,
  CALL,
  SUBSCRIBE
}
