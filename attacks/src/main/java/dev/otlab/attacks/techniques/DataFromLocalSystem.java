package dev.otlab.attacks.techniques;

import dev.otlab.attacks.AttackContext;
import dev.otlab.attacks.StepOutcome;
import dev.otlab.network.AccountSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * T0893 Data from Local System, as credential harvesting: the attacker reads the passwords stored
 * on the host it holds (an engineering workstation's saved remote sessions, a historian's OPC UA
 * client configuration: the architecture's {@code savedOn}) and those of the accounts that log in
 * there (cached by the operating system when their users log in), and keeps them all. The static
 * check's attack paths assume the same of every host an attacker holds. Local: nothing crosses the
 * network, so no sensor sees it. Failed when the host keeps no credentials.
 */
public final class DataFromLocalSystem extends AbstractTechnique {

  public DataFromLocalSystem() {
    super("T0893", Set.of(), Set.of());
  }

  @Override
  StepOutcome run(AttackContext ctx, Params p) {
    String here = ctx.currentHost();
    List<String> taken = new ArrayList<>();
    List<String> had = new ArrayList<>();
    for (AccountSpec a : ctx.architecture().accounts()) {
      if (!a.keptOn(here)) {
        continue;
      }
      if (ctx.credentials().containsKey(a.id())) {
        had.add(a.id());
      } else {
        ctx.obtain(a.id(), "harvested on " + here);
        taken.add(a.id());
      }
    }
    if (taken.isEmpty() && had.isEmpty()) {
      return new StepOutcome.Failed(here + " stores no credentials to harvest.");
    }
    Map<String, String> f = new LinkedHashMap<>();
    f.put("host", here);
    f.put("accounts", String.join(",", taken));
    if (!had.isEmpty()) {
      f.put("alreadyHeld", String.join(",", had));
    }
    return new StepOutcome.Succeeded(
        taken.isEmpty()
            ? "the credentials stored on " + here + " " + had + " were held already"
            : "harvested the credentials stored on " + here + ": " + taken,
        f);
  }
}
