package dev.otlab.cli;

import dev.otlab.core.OtlabException;
import dev.otlab.lab.Lab;
import dev.otlab.library.Durations;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.HostSpec;
import dev.otlab.network.Names;
import dev.otlab.network.fabric.Access;
import dev.otlab.network.fabric.ServiceEndpoint;
import dev.otlab.network.relay.ConduitDecision;
import dev.otlab.network.relay.RelayDecision;
import dev.otlab.simulator.clock.LabClock;
import dev.otlab.simulator.clock.Speed;
import dev.otlab.simulator.plant.PlantSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code otlab lab}: a live lab of a plant on an architecture, with its conduits enforced. */
@Command(
    name = "lab",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a plant on an architecture: every controller served, every connection between zones",
      "through the conduit relays. --expose HOST opens local ports for everything HOST could try",
      "to reach, so your own tools (nmap, mbpoll, node-opcua) act from that host. Denials are",
      "printed as they happen. Without --duration it runs until Ctrl-C."
    })
public final class LabCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin PlantOnArchitecture drawing = new PlantOnArchitecture();

  @Option(
      names = "--expose",
      paramLabel = "HOST",
      description = "Host whose point of view to open on local ports.")
  String expose;

  @Option(
      names = "--speed",
      paramLabel = "S",
      defaultValue = "1",
      description = "1 (real time), a factor such as 10, or max. Default: ${DEFAULT-VALUE}.")
  String speed;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed for noise and disturbances. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--duration",
      paramLabel = "TIME",
      description = "Simulated run time (90s, 15m, 2h). Default: until Ctrl-C.")
  String duration;

  @Option(
      names = "--pki",
      paramLabel = "DIR",
      defaultValue = "${sys:user.home}/.otlab/pki",
      description = "Where OPC UA certificates are kept. Default: ${DEFAULT-VALUE}.")
  Path pki;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Speed s = Speed.parse(speed);
    double seconds = duration == null ? Double.NaN : Durations.seconds(duration, "--duration");
    if (duration == null && s.isMax()) {
      throw new OtlabException(
          "DURATION_INVALID", "--speed max needs --duration.", "Add e.g. --duration 2h.");
    }
    PlantOnArchitecture.Loaded loaded = drawing.load();
    ArchitectureSpec arch = loaded.architecture();
    PlantSpec plantSpec = loaded.plant();
    if (expose != null && arch.host(expose).isEmpty()) {
      throw new OtlabException(
          "HOST_UNKNOWN",
          "--expose " + expose + ": architecture '" + arch.id() + "' has no such host.",
          "Use one of " + arch.hosts().stream().map(HostSpec::id).toList() + ".");
    }
    LabClock clock = new LabClock(seed, s);
    Lab lab =
        new Lab(
            plantSpec,
            arch,
            clock,
            pki,
            Map.of("operator", "operator"),
            d -> {
              if (!d.decision().allowed()) {
                synchronized (out) {
                  out.println(describe(d));
                  out.flush();
                }
              }
            },
            e -> {});
    try {
      lab.start();
      out.printf("lab %s on %s running at %s, seed %d%n", plantSpec.id(), arch.id(), s, seed);
      if (expose != null) {
        out.println(exposeTable(lab, expose));
      }
      out.flush();
      ClockRunner.run(clock, seconds);
    } finally {
      lab.stop();
    }
    return 0;
  }

  private static String exposeTable(Lab lab, String host) {
    StringBuilder sb = new StringBuilder();
    sb.append("from ").append(host).append(" (use these local addresses):\n");
    sb.append(
        String.format(
            "%-16s %-14s %-7s %-22s %s%n", "TARGET", "ROLE", "PROTO", "LOCAL ADDRESS", "PATH"));
    for (Map.Entry<String, List<ServiceEndpoint>> e : lab.services().entrySet()) {
      if (e.getKey().equals(host)) {
        continue;
      }
      HostSpec target = lab.architecture().host(e.getKey()).orElseThrow();
      for (ServiceEndpoint svc : e.getValue()) {
        Access a = lab.network().access(host, target.id(), svc.protocol(), svc.servicePort());
        String address = a.address() + ":" + a.port();
        String path;
        if (a instanceof Access.Relayed r) {
          path = "via " + String.join(", ", r.conduits());
        } else if (a instanceof Access.Unreachable u) {
          path = "UNREACHABLE: " + u.reason();
        } else {
          path = "same zone" + (((Access.Direct) a).spanned() ? " (span)" : "");
        }
        String shown =
            svc.protocol() == dev.otlab.network.Protocol.OPCUA
                ? "opc.tcp://" + address + "/otlab"
                : address;
        sb.append(
            String.format(
                "%-16s %-14s %-7s %-22s %s%n",
                target.id(),
                Names.yaml(target.role()),
                // A service off its protocol's port says where it listens (ssh/2222).
                Names.yaml(svc.protocol())
                    + (svc.servicePort() == svc.protocol().port() ? "" : "/" + svc.servicePort()),
                shown,
                path));
      }
    }
    return sb.toString().stripTrailing();
  }

  static String describe(RelayDecision d) {
    String by;
    if (d.decision() instanceof ConduitDecision.Denied denied) {
      by =
          denied.conduit()
              + (denied.rule() == null ? " (default deny)" : " rule " + denied.rule())
              + ": "
              + denied.reason();
    } else {
      by = d.decision().conduit();
    }
    return String.format(
        "t=%9.1f s  DENIED %s -> %s %s %s by %s",
        d.time(), d.sourceHost(), d.destinationHost(), Names.yaml(d.protocol()), d.subject(), by);
  }
}
