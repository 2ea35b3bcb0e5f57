package dev.otlab.simulator.plc;

/**
 * What a controller says about itself: Modbus FC43/14 device identification objects and FC17
 * report-server-id, and OPC UA BuildInfo. Attack discovery steps read exactly this.
 */
public record DeviceIdentity(
    String vendor, String productCode, String revision, String productName, String modelName) {

  public DeviceIdentity {
    vendor = orDefault(vendor, "otlab");
    productCode = orDefault(productCode, "OTLAB-SOFTPLC");
    revision = orDefault(revision, "0.1");
    productName = orDefault(productName, "otlab soft PLC");
    modelName = orDefault(modelName, "SoftPLC");
  }

  private static String orDefault(String v, String d) {
    return v == null || v.isBlank() ? d : v;
  }

  public static DeviceIdentity defaults() {
    return new DeviceIdentity(null, null, null, null, null);
  }
}
