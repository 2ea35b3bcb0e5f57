package dev.otlab.lab;

import dev.otlab.network.relay.RelayDecision;
import dev.otlab.simulator.clock.LabClock;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link RunObserver#all}: forwards every call to each observer in turn. A method added to {@link
 * RunObserver} needs its one forwarding line here (RunObserverTest fails until it has it).
 */
final class AllObservers implements RunObserver {

  private final List<RunObserver> observers;

  AllObservers(List<RunObserver> observers) {
    this.observers = List.copyOf(observers);
  }

  private void each(Consumer<RunObserver> call) {
    observers.forEach(call);
  }

  @Override
  public void started(LabClock clock) {
    each(o -> o.started(clock));
  }

  @Override
  public void sample(RunTrace.Sample sample) {
    each(o -> o.sample(sample));
  }

  @Override
  public void decision(RelayDecision decision, Label label) {
    each(o -> o.decision(decision, label));
  }

  @Override
  public void firewall(RunTrace.LabelledRecord record) {
    each(o -> o.firewall(record));
  }

  @Override
  public void event(RunTrace.LabelledEvent event) {
    each(o -> o.event(event));
  }

  @Override
  public void step(RunTrace.StepRecord step) {
    each(o -> o.step(step));
  }

  @Override
  public void response(ResponseRecord response) {
    each(o -> o.response(response));
  }

  @Override
  public boolean wantsAlerts() {
    // Each is asked, in order, as each is told everything else.
    boolean any = false;
    for (RunObserver o : observers) {
      any |= o.wantsAlerts();
    }
    return any;
  }

  @Override
  public void alert(RunTrace.LabelledAlert alert) {
    each(o -> o.alert(alert));
  }
}
