"use strict";
// A small node-opcua command-line client for otlab controllers (documented in the README).
// Usage: node opcua-client.js <endpointUrl> [TAG=VALUE ...] [--user NAME --password PW] [--encrypt]
// Browses the controller's folder, prints every tag with value and status, writes each
// TAG=VALUE (numbers, or true/false for switches) and prints the status of each write.
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
const os = require("os");
const path = require("path");

const args = process.argv.slice(2);
const endpointUrl = args.shift();
if (!endpointUrl || endpointUrl.startsWith("-")) {
  console.error("usage: node opcua-client.js <endpointUrl> [TAG=VALUE ...] [--user NAME --password PW] [--encrypt]");
  process.exit(2);
}
let user = null;
let password = null;
let encrypt = false;
const writes = [];
while (args.length > 0) {
  const a = args.shift();
  if (a === "--user") user = args.shift();
  else if (a === "--password") password = args.shift();
  else if (a === "--encrypt") encrypt = true;
  else if (a.includes("=")) writes.push(a.split("=", 2));
  else {
    console.error(`unknown argument '${a}': give TAG=VALUE, --user, --password or --encrypt`);
    process.exit(2);
  }
}
if ((user === null) !== (password === null)) {
  console.error("give --user and --password together");
  process.exit(2);
}

async function main() {
  const certificateManager = new OPCUACertificateManager({
    rootFolder: path.join(os.tmpdir(), "otlab-node-opcua-pki"),
    automaticallyAcceptUnknownCertificate: true, // lab servers mint their own certificates
  });
  await certificateManager.initialize();
  const client = OPCUAClient.create({
    applicationName: "otlab-node-client",
    applicationUri: "urn:otlab:client:node-cli",
    clientCertificateManager: certificateManager,
    securityMode: encrypt ? MessageSecurityMode.SignAndEncrypt : MessageSecurityMode.None,
    securityPolicy: encrypt ? SecurityPolicy.Basic256Sha256 : SecurityPolicy.None,
    endpointMustExist: false,
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 },
  });
  await client.connect(endpointUrl);
  const identity = user === null ? { type: UserTokenType.Anonymous } : { type: UserTokenType.UserName, userName: user, password };
  const session = await client.createSession(identity);
  let failed = false;
  try {
    const objects = await session.browse({
      nodeId: "ns=0;i=85",
      browseDirection: BrowseDirection.Forward,
      nodeClassMask: NodeClassMask.Object,
      resultMask: 63,
    });
    const folder = objects.references.find((r) => r.nodeId.namespace > 0);
    if (!folder) throw new Error("no controller folder under Objects");
    console.log(`controller ${folder.browseName.name} (${folder.nodeId.toString()})`);
    const tags = await session.browse({ nodeId: folder.nodeId, browseDirection: BrowseDirection.Forward, nodeClassMask: NodeClassMask.Variable, resultMask: 63 });
    const byName = {};
    for (const ref of tags.references) {
      const dv = await session.read({ nodeId: ref.nodeId, attributeId: AttributeIds.Value });
      byName[ref.browseName.name] = { nodeId: ref.nodeId, dataType: dv.value.dataType };
      console.log(`  ${ref.browseName.name.padEnd(22)} ${String(dv.value.value).padEnd(22)} ${dv.statusCode.name}`);
    }
    for (const [tag, text] of writes) {
      const node = byName[tag];
      if (!node) {
        console.log(`write ${tag}: no such tag`);
        failed = true;
        continue;
      }
      const isBool = node.dataType === DataType.Boolean;
      const value = isBool ? { dataType: DataType.Boolean, value: text === "true" || text === "1" } : { dataType: DataType.Double, value: Number(text) };
      const status = await session.write({ nodeId: node.nodeId, attributeId: AttributeIds.Value, value: { value } });
      console.log(`write ${tag}=${text}: ${status.name}`);
      failed = failed || status.isNotGood();
    }
  } finally {
    await session.close();
    await client.disconnect();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`error: ${e.message || e}`);
  process.exit(1);
});
