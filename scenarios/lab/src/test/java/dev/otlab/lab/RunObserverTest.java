package dev.otlab.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunObserverTest {

  /** An observer that writes each call it gets, under its name, to {@code log}. */
  private static RunObserver recording(String name, List<String> log) {
    return (RunObserver)
        Proxy.newProxyInstance(
            RunObserver.class.getClassLoader(),
            new Class<?>[] {RunObserver.class},
            (proxy, method, args) -> {
              if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("equals") ? proxy == args[0] : 0;
              }
              log.add(name + "." + method.getName() + Arrays.toString(method.getParameterTypes()));
              return method.getReturnType() == boolean.class ? false : null;
            });
  }

  @Test
  void allForwardsEveryMethodOfRunObserverToEachObserverInOrder() throws Exception {
    List<Method> methods =
        Arrays.stream(RunObserver.class.getDeclaredMethods())
            .filter(m -> !Modifier.isStatic(m.getModifiers()) && !m.isSynthetic())
            .toList();
    assertThat(methods).as("the observer's callbacks").isNotEmpty();
    for (Method m : methods) {
      List<String> log = new ArrayList<>();
      RunObserver all = RunObserver.all(recording("first", log), recording("second", log));

      m.invoke(all, new Object[m.getParameterCount()]);

      String call = m.getName() + Arrays.toString(m.getParameterTypes());
      assertThat(log)
          .as("RunObserver.all forwards %s (add its line to AllObservers)", call)
          .containsExactly("first." + call, "second." + call);
    }
  }
}
