"use strict";
// Drives an otlab OPC UA server with node-opcua, a client written independently of Milo.
// Usage: node opcua-interop.js <endpointUrl> <plcId> <user> <password> <pkiDir>
// Prints one line "OTLAB_RESULT <json>" on stdout; exits 1 when a step fails or a check does not hold.
const {
  OPCUAClient,
  MessageSecurityMode,
  SecurityPolicy,
  AttributeIds,
  DataType,
  BrowseDirection,
  NodeClassMask,
  UserTokenType,
} = require("node-opcua-client");
const { OPCUACertificateManager } = require("node-opcua-certificate-manager");

const [endpointUrl, plcId, user, password, pkiDir] = process.argv.slice(2);
if (!endpointUrl || !plcId || !user || !password || !pkiDir) {
  console.error("usage: node opcua-interop.js <endpointUrl> <plcId> <user> <password> <pkiDir>");
  process.exit(2);
}

const result = { steps: [] };
const failures = [];

function check(name, condition, detail) {
  if (!condition) {
    failures.push(`${name}: ${detail}`);
  }
}

async function withSession(label, { securityMode, securityPolicy, identity }, fn) {
  const certificateManager = new OPCUACertificateManager({
    rootFolder: pkiDir,
    // Lab servers mint their certificates on first start; there is nothing to pin.
    automaticallyAcceptUnknownCertificate: true,
  });
  await certificateManager.initialize();
  const client = OPCUAClient.create({
    applicationName: "otlab-node-interop",
    applicationUri: "urn:otlab:client:node-interop",
    clientCertificateManager: certificateManager,
    securityMode,
    securityPolicy,
    endpointMustExist: false,
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 },
    requestedSessionTimeout: 30000,
  });
  await client.connect(endpointUrl);
  try {
    const session = await client.createSession(identity);
    try {
      result.steps.push(label);
      return await fn(session);
    } finally {
      await session.close();
    }
  } finally {
    await client.disconnect();
  }
}

function statusName(statusCode) {
  return statusCode.name;
}

async function nodeIdOf(session, tag) {
  const namespaces = await session.readNamespaceArray();
  const ns = namespaces.indexOf(`urn:otlab:plc:${plcId}`);
  if (ns < 0) {
    throw new Error(`namespace urn:otlab:plc:${plcId} not found in ${namespaces}`);
  }
  return tag === null ? `ns=${ns};s=${plcId}` : `ns=${ns};s=${plcId}.${tag}`;
}

function writeDouble(session, nodeId, value) {
  return session.write({
    nodeId,
    attributeId: AttributeIds.Value,
    value: { value: { dataType: DataType.Double, value } },
  });
}

async function main() {
  const none = { securityMode: MessageSecurityMode.None, securityPolicy: SecurityPolicy.None };

  await withSession("anonymous-none", { ...none, identity: undefined }, async (session) => {
    const browse = await session.browse({
      nodeId: await nodeIdOf(session, null),
      browseDirection: BrowseDirection.Forward,
      referenceTypeId: "HierarchicalReferences",
      includeSubtypes: true,
      nodeClassMask: NodeClassMask.Variable,
      resultMask: 63,
    });
    result.browse = (browse.references || []).map((r) => r.browseName.name);

    const level = await session.read({ nodeId: await nodeIdOf(session, "level"), attributeId: AttributeIds.Value });
    result.read_level = level.value.value;
    result.read_level_status = statusName(level.statusCode);
    result.read_level_type = DataType[level.value.dataType];

    const setpoint = await nodeIdOf(session, "level_setpoint");
    result.write_setpoint = statusName(await writeDouble(session, setpoint, 5.5));
    result.read_back_setpoint = (await session.read({ nodeId: setpoint, attributeId: AttributeIds.Value })).value.value;

    result.write_out_of_range = statusName(await writeDouble(session, setpoint, 1000));
    check("out of range write", result.write_out_of_range === "BadOutOfRange", result.write_out_of_range);
    result.write_read_only = statusName(await writeDouble(session, await nodeIdOf(session, "level"), 1));
    result.write_string = statusName(
      await session.write({
        nodeId: setpoint,
        attributeId: AttributeIds.Value,
        value: { value: { dataType: DataType.String, value: "7.0" } },
      })
    );
  });

  const userIdentity = { type: UserTokenType.UserName, userName: user, password };
  await withSession("user-none", { ...none, identity: userIdentity }, async (session) => {
    const dv = await session.read({ nodeId: await nodeIdOf(session, "level_setpoint"), attributeId: AttributeIds.Value });
    result.user_read_setpoint = dv.value.value;
    result.user_read_status = statusName(dv.statusCode);
  });

  try {
    await withSession("wrong-password", { ...none, identity: { ...userIdentity, password: password + "-wrong" } }, async () => {});
    result.wrong_password = "accepted";
  } catch (e) {
    result.wrong_password = String(e.message || e);
  }
  check("wrong password", result.wrong_password !== "accepted", "the server accepted a wrong password");

  const encrypted = {
    securityMode: MessageSecurityMode.SignAndEncrypt,
    securityPolicy: SecurityPolicy.Basic256Sha256,
    identity: userIdentity,
  };
  await withSession("user-sign-and-encrypt", encrypted, async (session) => {
    const setpoint = await nodeIdOf(session, "level_setpoint");
    result.encrypted_write = statusName(await writeDouble(session, setpoint, 6.25));
    result.encrypted_read_setpoint = (await session.read({ nodeId: setpoint, attributeId: AttributeIds.Value })).value.value;
  });
}

main()
  .then(() => {
    result.ok = failures.length === 0;
    result.failures = failures;
    console.log("OTLAB_RESULT " + JSON.stringify(result));
    process.exit(result.ok ? 0 : 1);
  })
  .catch((e) => {
    result.ok = false;
    result.error = String((e && e.stack) || e);
    console.log("OTLAB_RESULT " + JSON.stringify(result));
    process.exit(1);
  });
